namespace Research.Fsx.Notebooks

open System
open System.IO
open System.Text
open Research.Fsx
open Research.Fsx.Notebooks.Ipynb

/// Collects what one cell writes (stdout, stderr) and displays, in order. Consecutive writes to the same
/// stream merge into one output, as Jupyter does. Writes may come from any thread.
type CellCapture(echo: TextWriter option) =
    let gate = obj ()
    let outputs = ResizeArray<CellOutput>()
    let pending = StringBuilder()
    let mutable pendingStream = "stdout"

    let flush () =
        if pending.Length > 0 then
            outputs.Add(Stream(pendingStream, pending.ToString()))
            pending.Clear() |> ignore

    member _.Write(stream: string, text: string) =
        lock gate (fun () ->
            if stream <> pendingStream then
                flush ()
                pendingStream <- stream
            pending.Append text |> ignore
            echo |> Option.iter (fun w -> w.Write text))

    member _.Add(output: CellOutput) =
        lock gate (fun () ->
            flush ()
            outputs.Add output)

    /// The outputs so far; the cell's own text is flushed first.
    member _.Outputs =
        lock gate (fun () ->
            flush ()
            List.ofSeq outputs)

    /// A writer that appends to one stream of this capture (to stand in for Console.Out or Console.Error).
    member this.Writer(stream: string) : TextWriter =
        { new TextWriter() with
            member _.Encoding = Encoding.UTF8
            member _.Write(c: char) = this.Write(stream, string c)
            member _.Write(s: string | null) = match s with null -> () | text -> this.Write(stream, text)
            member _.Write(buffer: char[], index: int, count: int) = this.Write(stream, String(buffer, index, count)) }

/// Routes Console and the kit's display calls into a capture while a cell runs.
module CellRedirect =
    /// Runs f with stdout, stderr and displays going to the capture; restores them afterwards.
    let during (capture: CellCapture) (display: MimeBundle -> CellOutput) (f: unit -> 'T) : 'T =
        let out, err = Console.Out, Console.Error
        let host = Action<string[], string[]>(fun mimes contents -> capture.Add(display (List.zip (List.ofArray mimes) (List.ofArray contents))))
        Console.SetOut(capture.Writer "stdout")
        Console.SetError(capture.Writer "stderr")
        AppContext.SetData(Display.HostKey, host)
        try
            f ()
        finally
            AppContext.SetData(Display.HostKey, null)
            Console.SetOut out
            Console.SetError err
