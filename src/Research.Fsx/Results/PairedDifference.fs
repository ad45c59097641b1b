namespace Research.Fsx

open System

/// The difference A − B of one metric between two variants, paired by seed (the same seed shares data order and
/// initial weights across variants, so the pairing removes most of the seed-to-seed spread).
type PairedDifference =
    { Metric: string
      A: string
      B: string
      /// The seeds both variants have a number for, ascending; the differences are in the same order.
      Seeds: int list
      Differences: float list
      Mean: float
      /// Sample standard deviation of the differences; NaN with fewer than two pairs.
      Std: float
      /// The 95% Student t interval of the mean difference; NaN bounds with fewer than two pairs.
      Low: float
      High: float
      /// Seeds that only one variant has (a missing run): left out.
      OnlyA: int list
      OnlyB: int list
      /// Seeds both variants have where either value is NaN (a diverged run): left out, and named.
      NaNSeeds: int list }

    member d.N = d.Seeds.Length

module PairedDifference =
    /// The interval's confidence level.
    [<Literal>]
    let Confidence = 0.95

    // Why Student t and not a bootstrap: the kit runs 1 to 5 seeds. A bootstrap over n = 3 pairs has only 10
    // distinct resamples and its percentile interval is far too narrow at such n; the t interval is exact when the
    // paired differences are normal and is the usual choice for a few seeds.
    let private interval (diffs: float list) =
        let n = diffs.Length
        let mean = if n = 0 then nan else List.average diffs
        if n < 2 then mean, nan, nan, nan
        else
            let std = sqrt ((diffs |> List.sumBy (fun d -> (d - mean) ** 2.0)) / float (n - 1))
            let half = StudentT.quantile (float (n - 1)) (1.0 - (1.0 - Confidence) / 2.0) * std / sqrt (float n)
            mean, std, mean - half, mean + half

    /// The paired difference from each variant's (seed, value) observations; a seed may appear once per variant.
    let ofSeeds (metric: string) (a: string) (b: string) (valuesA: (int * float) list) (valuesB: (int * float) list) =
        let byseed name (values: (int * float) list) =
            match values |> List.countBy fst |> List.tryFind (fun (_, count) -> count > 1) with
            | Some(seed, count) ->
                let variant = if name = nameof valuesA then a else b
                invalidArg name $"variant '{variant}' has {count} values of {metric} for seed {seed}: expected one per seed"
            | None -> Map.ofList values
        let mapA, mapB = byseed (nameof valuesA) valuesA, byseed (nameof valuesB) valuesB
        let shared = Set.intersect (set mapA.Keys) (set mapB.Keys) |> Set.toList
        let finite, withNaN = shared |> List.partition (fun s -> not (Double.IsNaN mapA[s] || Double.IsNaN mapB[s]))
        let diffs = finite |> List.map (fun s -> mapA[s] - mapB[s])
        let mean, std, low, high = interval diffs
        { Metric = metric; A = a; B = b; Seeds = finite; Differences = diffs; Mean = mean; Std = std; Low = low; High = high
          OnlyA = Set.difference (set mapA.Keys) (set mapB.Keys) |> Set.toList
          OnlyB = Set.difference (set mapB.Keys) (set mapA.Keys) |> Set.toList
          NaNSeeds = withNaN }

    let private number (digits: int) (x: float) = TableCell.number digits x

    /// One line: "+AL − baseline in TestPerplexity: -1.230, 95% t interval [-2.010, -0.450], std 0.310, n = 3 (seeds 1, 2, 3)".
    let describe (digits: int) (d: PairedDifference) =
        let seeds (label: string) (xs: int list) =
            if xs.IsEmpty then "" else $"; {label} " + String.Join(", ", xs)
        let spread =
            if d.N >= 2 then
                $"{Confidence * 100.0:F0}%% t interval [{number digits d.Low}, {number digits d.High}], std {number digits d.Std}"
            elif d.N = 1 then "no interval from one pair"
            else "no pairs"
        let core = $"{d.A} − {d.B} in {d.Metric}: {number digits d.Mean}, {spread}, n = {d.N}"
        let used = if d.N = 0 then "" else " (seeds " + String.Join(", ", d.Seeds) + ")"
        core + used + seeds $"only {d.A}:" d.OnlyA + seeds $"only {d.B}:" d.OnlyB + seeds "NaN, left out:" d.NaNSeeds
