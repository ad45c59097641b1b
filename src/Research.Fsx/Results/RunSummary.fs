/// Summaries of run frames over seeds: mean ± std per variant, and paired differences between two variants.
/// Only completed runs count unless asked (the `EveryRun` functions); the others are counted in "left out".
module Research.Fsx.RunSummary

open System
open Deedle

let private groups (keys: string list) (frame: Frame<int, string>) =
    frame.RowKeys
    |> Seq.groupBy (fun r -> keys |> List.map (fun k -> RunFrames.cell k r frame |> Option.toObj))
    |> List.ofSeq

let private summarizeRows (everyRun: bool) (keys: string list) (measures: string list) (frame: Frame<int, string>) =
    for c in keys @ measures do
        if not (frame.ColumnKeys |> Seq.contains c) then
            let columns = String.Join(", ", frame.ColumnKeys)
            invalidArg "keys" $"the frame has no column '{c}'; its columns are {columns}"
    let rows = groups keys frame
    let counted (runs: seq<int>) = runs |> Seq.filter (fun r -> everyRun || RunFrames.isCompleted r frame) |> List.ofSeq
    let stat measure (runs: int list) =
        let values = runs |> List.choose (fun r -> RunFrames.cell measure r frame) |> List.map (RunFrames.number measure)
        if values.IsEmpty then None else Some(box (Stats.ofSeq values))
    let column name (values: 'T option list) =
        name, (Series.ofOptionalObservations (values |> List.mapi (fun i v -> i, v)) :> ISeries<int>)
    Frame.ofColumns
        [ for i, k in List.indexed keys -> column k [ for key, _ in rows -> Option.ofObj key[i] ]
          for m in measures -> column m [ for _, runs in rows -> stat m (counted runs) ]
          yield column "n" [ for _, runs in rows -> Some (counted runs).Length ]
          yield column "left out" [ for _, runs in rows -> Some(Seq.length runs - (counted runs).Length) ] ]

/// Per group of the key columns (in order of first appearance): each measure as mean ± std over the completed runs
/// (a `Stat` cell: NaN in, NaN out; a run without the value is skipped), "n" the completed runs and "left out" the others.
let byMeasures (keys: string list) (measures: string list) (frame: Frame<int, string>) =
    if keys.IsEmpty then invalidArg (nameof keys) "name at least one key column to group by, got none"
    summarizeRows false keys measures frame

/// Every result column, grouped by the key columns.
let by (keys: string list) (frame: Frame<int, string>) = byMeasures keys (RunFrames.measureColumns frame) frame

/// Every result column, per variant.
let byVariant (frame: Frame<int, string>) = by [ RunFrames.Variant ] frame

/// As `byMeasures`, counting every run whatever its status.
let everyRunByMeasures (keys: string list) (measures: string list) (frame: Frame<int, string>) =
    if keys.IsEmpty then invalidArg (nameof keys) "name at least one key column to group by, got none"
    summarizeRows true keys measures frame

let private variantValues (everyRun: bool) (metric: string) (name: string) (frame: Frame<int, string>) =
    let runs = frame |> RunFrames.variant name
    let runs = if everyRun then runs else RunFrames.completed runs
    RunFrames.seedValues metric runs

/// metric(a) − metric(b) over the seeds the two variants share, completed runs only.
let paired (metric: string) (a: string) (b: string) (frame: Frame<int, string>) =
    PairedDifference.ofSeeds metric a b (variantValues false metric a frame) (variantValues false metric b frame)

/// As `paired`, counting every run whatever its status.
let pairedEveryRun (metric: string) (a: string) (b: string) (frame: Frame<int, string>) =
    PairedDifference.ofSeeds metric a b (variantValues true metric a frame) (variantValues true metric b frame)

/// Paired differences as a frame, one row each, for display or export.
let pairedFrame (differences: PairedDifference list) : Frame<int, string> =
    let column name (values: 'T list) =
        name, (Series.ofValues values :> ISeries<int>)
    let seeds (xs: int list) = String.Join(", ", xs)
    let leftOut (d: PairedDifference) =
        [ if not d.OnlyA.IsEmpty then $"only {d.A}: {seeds d.OnlyA}"
          if not d.OnlyB.IsEmpty then $"only {d.B}: {seeds d.OnlyB}"
          if not d.NaNSeeds.IsEmpty then $"NaN: {seeds d.NaNSeeds}" ]
        |> fun parts -> String.Join("; ", parts)
    Frame.ofColumns
        [ column "A − B" [ for d in differences -> $"{d.A} − {d.B}" ]
          column "metric" [ for d in differences -> d.Metric ]
          column "mean difference" [ for d in differences -> box d.Mean ]
          column "std" [ for d in differences -> box d.Std ]
          column "95% low" [ for d in differences -> box d.Low ]
          column "95% high" [ for d in differences -> box d.High ]
          column "n" [ for d in differences -> d.N ]
          column "left out" [ for d in differences -> leftOut d ] ]
