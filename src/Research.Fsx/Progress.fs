/// Training progress in notebooks: a line of text every few seconds in the cell's output, never a flood.
module Research.Fsx.Progress

open System
open Research.Core.Training

/// Throttled text progress (at most one line per `seconds`, plus the first and last step) to the cell's output.
let every (seconds: float) : ITrainingProgress =
    if not (seconds >= 0.0) then invalidArg (nameof seconds) $"seconds must not be negative, got {seconds}"
    ProgressText(null, TimeSpan.FromSeconds seconds) :> ITrainingProgress

/// Progress for a notebook: a line at most every 5 seconds.
let notebook () = every 5.0
