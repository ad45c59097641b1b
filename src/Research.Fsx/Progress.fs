/// Training progress in notebooks: a line of text every few seconds in the cell's output, never a flood.
module Research.Fsx.Progress

open System
open Research.Core.Training

/// AppContext key under which a host (`research nb run` in a terminal) registers an extra
/// ITrainingProgress, such as a live progress bar.
[<Literal>]
let HostKey = "Research.Progress.Host"

/// Throttled text progress (at most one line per `seconds`, plus the first and last step) to the cell's
/// output, together with the host's progress bar when there is one.
let every (seconds: float) : ITrainingProgress =
    if not (seconds >= 0.0) then invalidArg (nameof seconds) $"seconds must not be negative, got {seconds}"
    let text = ProgressText(null, TimeSpan.FromSeconds seconds) :> ITrainingProgress
    match AppContext.GetData HostKey with
    | :? ITrainingProgress as host -> TrainingProgress.Combine(text, host)
    | _ -> text

/// Progress for a notebook: a line at most every 5 seconds.
let notebook () = every 5.0
