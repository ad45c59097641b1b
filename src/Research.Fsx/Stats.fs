namespace Research.Fsx

/// Mean, sample standard deviation and count of a set of values (a metric over seeds).
type Stat =
    { Mean: float
      /// Sample standard deviation (n - 1 in the denominator); 0 for a single value.
      Std: float
      Count: int }

module Stats =
    /// The statistics of the values; NaN values count and make the mean and std NaN, as in a diverged seed.
    let ofSeq (values: seq<float>) : Stat =
        let xs = Array.ofSeq values
        if xs.Length = 0 then invalidArg (nameof values) "statistics need at least one value, got none"
        let mean = Array.average xs
        let std =
            if xs.Length = 1 then 0.0
            else sqrt ((xs |> Array.sumBy (fun x -> (x - mean) * (x - mean))) / float (xs.Length - 1))
        { Mean = mean; Std = std; Count = xs.Length }
