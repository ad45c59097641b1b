/// Runs as Deedle frames, one row per run, read from the run store or from a results CSV that a notebook wrote.
/// Every run frame starts with the columns RunId, Experiment, Variant, Seed and Status; the variant's source columns,
/// the other descriptors and the results follow. Result columns hold boxed floats (Series<int, obj>), because
/// Deedle's float series read NaN as a missing value and a diverged run's NaN must stay NaN; a result a run never
/// recorded is missing. `frame.GetColumn<float>` still gives Deedle's usual float view (where NaN is missing).
module Research.Fsx.RunFrames

open System
open System.Globalization
open System.IO
open CsvHelper
open Deedle
open Research.Core.Experiments

[<Literal>]
let RunId = "RunId"

[<Literal>]
let Experiment = "Experiment"

[<Literal>]
let Variant = "Variant"

[<Literal>]
let Seed = "Seed"

[<Literal>]
let Status = "Status"

/// The status of a finished run, as the store writes it; other runs are kept but left out of summaries.
[<Literal>]
let Completed = "completed"

let identityColumns = [ RunId; Experiment; Variant; Seed; Status ]

/// One column's cells before it becomes a series.
type private Cells =
    | Whole32 of int option[]
    | Whole64 of int64 option[]
    | Texts of string option[]
    | Floats of float option[]

let private series (cells: Cells) : ISeries<int> =
    let indexed (xs: 'T option[]) = xs |> Array.mapi (fun i x -> i, x)
    match cells with
    | Whole32 xs -> Series.ofOptionalObservations (indexed xs) :> _
    | Whole64 xs -> Series.ofOptionalObservations (indexed xs) :> _
    | Texts xs -> Series.ofOptionalObservations (indexed xs) :> _
    | Floats xs -> Series.ofOptionalObservations (indexed (xs |> Array.map (Option.map box))) :> _

let private frameOf (columns: (string * Cells) list) : Frame<int, string> =
    FrameDisplay.register () |> ignore
    Frame.ofColumns [ for name, cells in columns -> name, series cells ]

let private variantOf (parts: string list) = String.Join(", ", parts)

let private ofRunInfos (variantKeys: string list) (runs: RunInfo[]) (store: RunStore) : Frame<int, string> =
    if variantKeys.IsEmpty then
        invalidArg (nameof variantKeys) "name at least one configuration key that tells the variants apart (e.g. [\"variant\"]), got none"
    let results = store.Results(runs |> Seq.map (fun r -> r.Id)) |> Array.ofSeq
    let value = results |> Array.map (fun r -> (r.RunId, r.Name), r.Value) |> dict
    let names = results |> Array.map (fun r -> r.Name) |> Array.distinct
    let config (r: RunInfo) key = match r.ConfigValue key with "" -> None | v -> Some v
    let keyColumns = variantKeys |> List.filter (fun k -> not (List.contains k identityColumns))
    frameOf
        [ yield RunId, Whole64(runs |> Array.map (fun r -> Some r.Id))
          yield Experiment, Texts(runs |> Array.map (fun r -> Some r.Experiment))
          yield Variant, Texts(runs |> Array.map (fun r -> Some(variantOf [ for k in variantKeys -> r.ConfigValue k ])))
          yield Seed, Whole32(runs |> Array.map (fun r -> Some r.Seed))
          yield Status, Texts(runs |> Array.map (fun r -> Some(r.Status.ToString().ToLowerInvariant())))
          for k in keyColumns -> k, Texts(runs |> Array.map (fun r -> config r k))
          yield "Error", Texts(runs |> Array.map (fun r -> Option.ofObj r.Error))
          for name in names ->
              name, Floats(runs |> Array.map (fun r -> match value.TryGetValue((r.Id, name)) with | true, v -> Some v | _ -> None)) ]

/// Every run of one experiment in the store. The variant is the values of the named top-level configuration keys
/// (e.g. ["variant"] for paper 5, ["data"; "arm"] for paper 4), joined by ", "; each key is also a column.
let ofStore (variantKeys: string list) (experiment: string) (store: RunStore) : Frame<int, string> =
    if String.IsNullOrWhiteSpace experiment then invalidArg (nameof experiment) "expected an experiment name, got an empty one"
    ofRunInfos variantKeys (store.Runs(experiment) |> Array.ofSeq) store

/// The given runs of the store (e.g. those a notebook has just made), in the order given; variant as for `ofStore`.
let ofStoreRuns (variantKeys: string list) (runIds: seq<int64>) (store: RunStore) : Frame<int, string> =
    ofRunInfos variantKeys [| for id in runIds -> store.Run id |] store

let private readCsv (path: string) =
    if not (File.Exists path) then raise (FileNotFoundException($"{path}: no such results CSV", path))
    use reader = new StreamReader(path)
    use csv = new CsvReader(reader, CultureInfo.InvariantCulture)
    if not (csv.Read()) then raise (InvalidDataException($"{path}: empty file, expected a header line"))
    csv.ReadHeader() |> ignore
    let header = csv.HeaderRecord |> Option.ofObj |> Option.defaultValue [||] |> Array.map string
    let rows = ResizeArray<string[]>()
    while csv.Read() do
        rows.Add(Array.init header.Length (fun i -> csv.GetField(i) |> Option.ofObj |> Option.defaultValue ""))
    header, rows.ToArray()

let private tryWhole (s: string) =
    match Int64.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) with
    | true, v -> Some v
    | _ -> None

let private tryFloat (s: string) =
    match Double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture) with
    | true, v -> Some v
    | _ -> None

// A column is whole numbers, else numbers (NaN included), else text; an empty cell is missing.
let private parseCells (cells: string[]) =
    let present = cells |> Array.filter (String.IsNullOrEmpty >> not)
    let all parse = present.Length > 0 && present |> Array.forall (parse >> Option.isSome)
    let each parse = cells |> Array.map (fun c -> if String.IsNullOrEmpty c then None else parse c)
    if all tryWhole then Whole64(each tryWhole)
    elif all tryFloat then Floats(each tryFloat)
    else Texts(each Some)

/// The rows of a results CSV (what the notebooks write to notebooks/results/), as a run frame. The variant is the
/// named columns' cells joined by ", "; the seed is the column named seed (any case). A Status, Experiment or RunId
/// column is used when there is one; otherwise every row counts as completed (the notebooks write the runs that
/// finished) and the experiment is the file's name.
let ofCsv (variantColumns: string list) (path: string) : Frame<int, string> =
    if variantColumns.IsEmpty then
        invalidArg (nameof variantColumns) "name at least one column that tells the variants apart (e.g. [\"Variant\"]), got none"
    let header, rows = readCsv path
    let find (name: string) = header |> Array.tryFindIndex (fun h -> String.Equals(h, name, StringComparison.OrdinalIgnoreCase))
    let columnText i = rows |> Array.map (fun r -> r[i])
    let available () = String.Join(", ", header)
    for c in variantColumns do
        if not (Array.contains c header) then
            invalidArg (nameof variantColumns) $"{path}: no column '{c}'; the columns are {available ()}"
    let seedIndex =
        find Seed |> Option.defaultWith (fun () -> raise (InvalidDataException($"{path}: no seed column; the columns are {available ()}")))
    let seeds =
        rows |> Array.mapi (fun i r ->
            match Int32.TryParse(r[seedIndex], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) with
            | true, s -> Some s
            | _ -> raise (InvalidDataException($"{path}: row {i + 2}, column {header[seedIndex]}: expected a whole number, got '{r[seedIndex]}'")))
    let standard = [ Some seedIndex; find Status; find Experiment; find RunId ] |> List.choose id
    let variantIndexes = variantColumns |> List.map (fun c -> Array.findIndex ((=) c) header)
    frameOf
        [ yield RunId, (match find RunId with
                        | Some i -> Whole64(columnText i |> Array.map tryWhole)
                        | None -> Whole64(Array.create rows.Length None))
          yield Experiment, (match find Experiment with
                             | Some i -> Texts(columnText i |> Array.map Some)
                             | None -> Texts(Array.create rows.Length (Some(string (Path.GetFileNameWithoutExtension path)))))
          yield Variant, Texts(rows |> Array.map (fun r -> Some(variantOf [ for i in variantIndexes -> r[i] ])))
          yield Seed, Whole32 seeds
          yield Status, (match find Status with
                         | Some i -> Texts(columnText i |> Array.map (fun s -> Some(s.ToLowerInvariant())))
                         | None -> Texts(Array.create rows.Length (Some Completed)))
          for i in 0 .. header.Length - 1 do
              if not (List.contains i standard) && header[i] <> Variant then yield header[i], parseCells (columnText i) ]

/// A cell as an object, or None when it is missing.
let cell (column: string) (row: int) (frame: Frame<int, string>) : obj option =
    let values = frame.Columns[column]
    let v = values.TryGet row
    if v.HasValue then Some v.Value else None

let private text (value: obj option) =
    match value with
    | Some(:? string as s) -> s
    | Some v -> string (Convert.ToString(v, CultureInfo.InvariantCulture))
    | None -> ""

let private hasColumn (column: string) (frame: Frame<int, string>) = frame.ColumnKeys |> Seq.contains column

let private requireColumn (argument: string) (column: string) (frame: Frame<int, string>) =
    if not (hasColumn column frame) then
        let columns = String.Join(", ", frame.ColumnKeys)
        invalidArg argument $"the frame has no column '{column}'; its columns are {columns}"

/// The rows matching a predicate, renumbered 0, 1, …
let filterRows (keep: int -> bool) (frame: Frame<int, string>) =
    frame |> Frame.filterRows (fun r _ -> keep r) |> Frame.indexRowsOrdinally

/// The rows whose column reads as the value: equal text, or the same number ("0.4" matches 0.4, "100" matches 100).
let where (column: string) (value: string) (frame: Frame<int, string>) =
    requireColumn (nameof column) column frame
    let wanted = tryFloat value
    let matches (cell: obj option) =
        match cell, wanted with
        | Some(:? float as x), Some w -> x = w
        | Some(:? int64 as x), Some w -> float x = w
        | Some(:? int as x), Some w -> float x = w
        | other, _ -> text other = value
    frame |> filterRows (fun r -> matches (cell column r frame))

/// The completed runs only.
let completed (frame: Frame<int, string>) = frame |> where Status Completed

/// The runs of the variant.
let variant (name: string) (frame: Frame<int, string>) = frame |> where Variant name

/// Whether the row's run completed.
let isCompleted (row: int) (frame: Frame<int, string>) = text (cell Status row frame) = Completed

/// The columns whose present values are all floats: the results, apart from the standard columns.
let measureColumns (frame: Frame<int, string>) =
    [ for c in frame.ColumnKeys do
        if not (List.contains c identityColumns) then
            let values = frame.Columns[c] |> Series.values |> Array.ofSeq
            if values.Length > 0 && values |> Array.forall (fun v -> v :? float) then yield c ]

/// A numeric cell as a float (whole-number columns included); an error naming the column for any other value.
let number (column: string) (value: obj) =
    match value with
    | :? float as x -> x
    | :? int64 as x -> float x
    | :? int as x -> float x
    | v -> invalidArg (nameof column) $"column '{column}' holds {v.GetType().Name} values ('{v}'), expected numbers"

/// (seed, value) of a numeric column, for the rows given; a missing value is left out, NaN is kept.
let seedValues (column: string) (frame: Frame<int, string>) =
    requireColumn (nameof column) column frame
    [ for r in frame.RowKeys do
        match cell Seed r frame, cell column r frame with
        | Some(:? int as seed), Some v -> yield seed, number column v
        | _ -> () ]
