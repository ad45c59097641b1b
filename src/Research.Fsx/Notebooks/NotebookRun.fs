namespace Research.Fsx.Notebooks

open System.IO

/// How to run one notebook.
type RunOptions =
    { /// Overrides of the `parameters` cell, by name.
      Parameters: (string * string) list
      /// Where the executed notebook goes; None writes it back in place. The HTML export goes alongside.
      Output: string option
      /// The folder the kernel's chart displays save figures in (RESEARCH_FIGURES_DIR); None saves none.
      FiguresDir: string option
      /// Also copy the run's progress (one line per cell) and what cells print to this writer.
      Echo: TextWriter option }

module RunOptions =
    let defaults = { Parameters = []; Output = None; FiguresDir = None; Echo = None }

/// The first failing cell of a run.
type CellFailure =
    { /// 1-based position among the notebook's code cells (an injected parameters cell counts).
      CodeCell: int
      CellId: string
      Source: string
      EName: string
      EValue: string
      Details: string list }

    override this.ToString() =
        let details = this.Details |> List.collect (fun d -> d.Split('\n') |> List.ofArray) |> List.map (fun l -> "  " + l.TrimEnd()) |> String.concat "\n"
        let numbered = this.Source.Split('\n') |> Array.mapi (fun i l -> $"  {i + 1,3} | {l.TrimEnd()}") |> String.concat "\n"
        $"code cell {this.CodeCell} (id {this.CellId}) failed: {this.EName}: {this.EValue}\n{details}\n  cell source:\n{numbered}"

/// What one notebook run produced.
type NotebookRun =
    { Notebook: string
      Output: string
      Html: string
      /// The files the run's chart displays wrote into RunOptions.FiguresDir.
      Figures: string list
      Failure: CellFailure option
      CellsRun: int
      Warnings: string list
      /// Seconds from the start of the run until the kernel took the first cell.
      StartupSeconds: float
      TotalSeconds: float }

    member this.Succeeded = this.Failure.IsNone
