/// Deedle frames shown compactly: a plain HTML <table> or Markdown, numbers to a chosen number of decimals, NaN as
/// NaN, a missing value as an empty cell, at most MaxRows rows. Deedle's own notebook display is megabytes of HTML
/// for a few rows (STACK.md), so the kit registers this one with the .NET Interactive formatter.
module Research.Fsx.FrameDisplay

open System
open System.IO
open System.Reflection
open Deedle

/// Rows shown in HTML and Markdown; CSV export writes all of them.
let mutable MaxRows = 50

/// Decimals of numbers in the registered notebook display.
let mutable Digits = 3

// Row keys are shown as a first, unnamed column unless they are just the positions 0, 1, …
let private ordinal (frame: Frame<'R, 'C>) =
    typeof<'R> = typeof<int> && frame.RowKeys |> Seq.mapi (fun i k -> box i = box k) |> Seq.forall id

let private table (rowLimit: int) (frame: Frame<'R, 'C>) =
    let showKeys = not (ordinal frame)
    let columns = [ if showKeys then yield "" ] @ [ for c in frame.ColumnKeys -> string c ]
    let rows =
        [ for r in Seq.truncate rowLimit frame.RowKeys ->
            [ if showKeys then yield TableCell.ofObj (box r) ]
            @ [ for c in frame.ColumnKeys ->
                    let v = frame.Columns[c].TryGet r
                    if v.HasValue then TableCell.ofObj v.Value else Empty ] ]
    columns, rows

let private hidden (frame: Frame<'R, 'C>) = max 0 (frame.RowCount - MaxRows)

/// HTML: a <table> with numbers to `digits` decimals, then a line saying how many rows were not shown.
let html (digits: int) (frame: Frame<'R, 'C>) =
    let columns, rows = table MaxRows frame
    let more = hidden frame
    TableRender.html columns rows digits + (if more > 0 then $"\n<p>… {more} more rows</p>" else "")

/// Markdown, as in a README: numbers to `digits` decimals.
let markdown (digits: int) (frame: Frame<'R, 'C>) =
    let columns, rows = table MaxRows frame
    let more = hidden frame
    TableRender.markdown columns rows digits + (if more > 0 then $"\n\n… {more} more rows" else "")

/// CSV of every row at full precision; a mean ± std cell becomes two columns, "<name> mean" and "<name> std".
let csv (frame: Frame<'R, 'C>) =
    let columns, rows = table Int32.MaxValue frame
    TableRender.csv columns rows

let saveCsv (path: string) (frame: Frame<'R, 'C>) =
    Folders.createFor path
    File.WriteAllText(path, csv frame)

/// Shows the frame in the notebook (HTML) or, in a script, as Markdown.
let display (digits: int) (frame: Frame<'R, 'C>) =
    Display.show [ "text/html", html digits frame; "text/markdown", markdown digits frame; "text/plain", markdown digits frame ]

type private Boxed<'R, 'C when 'R: equality and 'C: equality> =
    static member Html(frame: obj) = html Digits (frame :?> Frame<'R, 'C>)

/// The compact HTML of any Frame<_, _> object.
let htmlOfObject (frame: obj) =
    let t = frame.GetType()
    if not (t.IsGenericType && t.GetGenericTypeDefinition() = typedefof<Frame<int, int>>) then
        invalidArg (nameof frame) $"expected a Deedle Frame<_, _>, got {t.FullName}"
    match typedefof<Boxed<int, int>>.MakeGenericType(t.GetGenericArguments()).GetMethod("Html", BindingFlags.Static ||| BindingFlags.Public ||| BindingFlags.NonPublic) with
    | null -> invalidOp "FrameDisplay.Boxed has no Html method"
    | method ->
        match method.Invoke(null, [| frame |]) with
        | :? string as html -> html
        | _ -> invalidOp "FrameDisplay.Boxed.Html returned no text"

let mutable private registered = false

/// Registers the compact HTML for every Deedle frame with the .NET Interactive formatter, when the kit runs in that
/// kernel (found by reflection, so the kit needs no reference to it); elsewhere it does nothing. Returns whether it
/// registered. The kit's frame functions call it, so their frames display compactly as a cell's value too.
let register () =
    if not registered then
        let formatter =
            AppDomain.CurrentDomain.GetAssemblies()
            |> Seq.tryPick (fun a ->
                if a.GetName().Name = "Microsoft.DotNet.Interactive.Formatting" then
                    Option.ofObj (a.GetType "Microsoft.DotNet.Interactive.Formatting.Formatter")
                else None)
        match formatter with
        | Some t ->
            match t.GetMethod("Register", [| typeof<Type>; typeof<Action<obj, TextWriter>>; typeof<string> |]) with
            | null -> ()
            | register ->
                let write = Action<obj, TextWriter>(fun frame writer -> writer.Write(htmlOfObject frame))
                register.Invoke(null, [| box typedefof<Frame<int, int>>; box write; box "text/html" |]) |> ignore
                registered <- true
        | None -> ()
    registered
