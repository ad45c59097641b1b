/// The papers' claims (PaperClaims.all) checked on the results CSVs the notebooks write: a paired difference over
/// seeds between the claim's two variants and a verdict from its 95% t interval.
module Research.Fsx.Claims

open System
open System.IO
open Deedle

type Verdict =
    /// The paired difference lies the claimed way and its interval excludes 0.
    | Reproduced
    /// The interval includes 0 (or there is a single pair, so no interval).
    | WithinNoise
    /// The interval excludes 0 on the other side.
    | NotReproduced
    /// The file, a variant, the metric or shared seeds are missing.
    | NoData

type ClaimCheck =
    { Paper: string
      Claim: string
      Scale: string
      Verdict: Verdict
      Evidence: string
      Source: string }

let verdictText (v: Verdict) =
    match v with
    | Reproduced -> "reproduced"
    | WithinNoise -> "within noise"
    | NotReproduced -> "not reproduced"
    | NoData -> "no data"

/// The verdict of a paired difference A − B on a claim that A is `direction` than B.
let verdictOf (direction: ClaimDirection) (d: PairedDifference) =
    if d.N = 0 then NoData
    elif d.N < 2 || Double.IsNaN d.Low || Double.IsNaN d.High then WithinNoise
    else
        let towardsClaim, againstClaim =
            match direction with
            | Lower -> d.High < 0.0, d.Low > 0.0
            | Higher -> d.Low > 0.0, d.High < 0.0
        if towardsClaim then Reproduced elif againstClaim then NotReproduced else WithinNoise

/// The file a claim reads at a scale.
let sourceOf (resultsDir: string) (scale: string) (claim: Claim) = Path.Combine(resultsDir, $"{claim.File}-{scale}.csv")

// The runs of one variant, narrowed to its validation-chosen setting when the claim says so.
let private variantRuns (claim: Claim) (name: string) (frame: Frame<int, string>) =
    let runs = frame |> RunFrames.variant name
    match claim.ChosenOn with
    | None -> Result.Ok(runs, "")
    | Some choice ->
        let settings = [ for r in runs.RowKeys -> RunFrames.cell choice.Setting r runs |> Option.map string |> Option.defaultValue "" ] |> List.distinct
        let values setting = runs |> RunFrames.where choice.Setting setting |> RunFrames.seedValues choice.Metric
        // Settings are compared on the seeds they all have: a grid that tunes on one seed and runs only the chosen
        // setting on the others (notebook 03) is compared on its tuning seed, as the notebook chose.
        let seedSets = settings |> List.map (values >> List.map fst >> Set.ofList) |> List.filter (Set.isEmpty >> not)
        let shared = if seedSets.IsEmpty then Set.empty else Set.intersectMany seedSets
        let score setting =
            let values = values setting |> List.filter (fun (seed, _) -> shared.IsEmpty || shared.Contains seed) |> List.map snd
            if values.IsEmpty then nan else List.average values
        let best =
            settings
            |> List.filter (score >> Double.IsNaN >> not)
            |> List.sortBy (fun s -> match choice.Better with Lower -> score s | Higher -> -score s)
            |> List.tryHead
        match best with
        | Some s -> Result.Ok(runs |> RunFrames.where choice.Setting s, $"{name}: {s} (best mean {choice.Metric})")
        | None -> Result.Error $"variant '{name}' has no {choice.Metric} to choose a setting by"

/// One claim checked on `<resultsDir>/<file>-<scale>.csv`: always a verdict, NoData with the reason when the data is not there.
let check (resultsDir: string) (scale: string) (claim: Claim) : ClaimCheck =
    let source = sourceOf resultsDir scale claim
    let result verdict evidence =
        { Paper = claim.Paper; Claim = claim.Claim; Scale = scale; Verdict = verdict; Evidence = evidence; Source = source }
    if not (File.Exists source) then result NoData $"{source} does not exist (run the notebook at {scale} scale)"
    else
        try
            let frame = RunFrames.ofCsv [ claim.VariantColumn ] source |> RunFrames.completed
            let frame = (frame, claim.Where) ||> List.fold (fun f (column, value) -> RunFrames.where column value f)
            let narrowed = [ claim.A; claim.B ] |> List.map (fun v -> variantRuns claim v frame)
            match narrowed with
            | [ Result.Ok(a, chosenA); Result.Ok(b, chosenB) ] when a.RowCount > 0 && b.RowCount > 0 ->
                if not (frame.ColumnKeys |> Seq.contains claim.Metric) then
                    result NoData $"{source} has no column {claim.Metric}"
                else
                    let d = PairedDifference.ofSeeds claim.Metric claim.A claim.B (RunFrames.seedValues claim.Metric a) (RunFrames.seedValues claim.Metric b)
                    let chosen = [ chosenA; chosenB ] |> List.filter (String.IsNullOrEmpty >> not)
                    let chosen = if chosen.IsEmpty then "" else "; chosen on validation: " + String.Join("; ", chosen)
                    result (verdictOf claim.Direction d) (PairedDifference.describe 3 d + chosen)
            | [ Result.Error e; _ ] | [ _; Result.Error e ] -> result NoData e
            | _ ->
                let missing = [ claim.A; claim.B ] |> List.filter (fun v -> (RunFrames.variant v frame).RowCount = 0)
                let where = if claim.Where.IsEmpty then "" else " where " + String.Join(", ", [ for c, v in claim.Where -> $"{c} = {v}" ])
                let missing = String.Join(" or ", missing)
                result NoData $"{source} has no completed runs of {missing}{where}"
        with
        | :? ArgumentException | :? InvalidDataException | :? IOException as e -> result NoData $"{source}: {e.Message}"

/// Every claim of PaperClaims.all, checked on `<resultsDir>/<file>-<scale>.csv` (scale "quick" or "full").
let checkAll (resultsDir: string) (scale: string) : ClaimCheck list =
    if String.IsNullOrWhiteSpace scale then invalidArg (nameof scale) "expected a scale such as quick or full, got an empty one"
    PaperClaims.all |> List.map (check resultsDir scale)

/// The claims of one paper ("5" or "5 Tying": the claims whose Paper starts with it).
let checkPaper (paper: string) (resultsDir: string) (scale: string) : ClaimCheck list =
    let claims = PaperClaims.all |> List.filter (fun c -> c.Paper.StartsWith(paper + " ") || c.Paper = paper)
    if claims.IsEmpty then
        let papers = String.Join(", ", PaperClaims.all |> List.map (fun c -> c.Paper) |> List.distinct)
        invalidArg (nameof paper) $"no claims for paper '{paper}'; the papers are {papers}"
    claims |> List.map (check resultsDir scale)

/// Checks as a frame: paper, claim, scale, verdict, evidence, source.
let toFrame (checks: ClaimCheck list) : Frame<int, string> =
    FrameDisplay.register () |> ignore
    let column name (values: string list) = name, (Series.ofValues values :> ISeries<int>)
    Frame.ofColumns
        [ column "paper" [ for c in checks -> c.Paper ]
          column "claim" [ for c in checks -> c.Claim ]
          column "scale" [ for c in checks -> c.Scale ]
          column "verdict" [ for c in checks -> verdictText c.Verdict ]
          column "evidence" [ for c in checks -> c.Evidence ]
          column "source" [ for c in checks -> c.Source ] ]

/// Shows the checks as a table.
let display (checks: ClaimCheck list) = checks |> toFrame |> FrameDisplay.display 3
