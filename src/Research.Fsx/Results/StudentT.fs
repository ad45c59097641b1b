/// Student's t distribution: the quantile behind a confidence interval over a handful of seeds.
module Research.Fsx.StudentT

open System

// Lanczos approximation (g = 7, nine terms): about 15 significant digits for x > 0.
let private lanczos =
    [| 0.99999999999980993; 676.5203681218851; -1259.1392167224028; 771.32342877765313; -176.61502916214059
       12.507343278686905; -0.13857109526572012; 9.9843695780195716e-6; 1.5056327351493116e-7 |]

let rec private logGamma (x: float) =
    if x < 0.5 then log (Math.PI / sin (Math.PI * x)) - logGamma (1.0 - x)
    else
        let x = x - 1.0
        let t = x + 7.5
        let series = (lanczos[0], [| 1..8 |]) ||> Array.fold (fun sum i -> sum + lanczos[i] / (x + float i))
        0.5 * log (2.0 * Math.PI) + (x + 0.5) * log t - t + log series

// The continued fraction of the incomplete beta function, by the modified Lentz method.
let private betaFraction (a: float) (b: float) (x: float) =
    let tiny = 1e-300
    let clamp v = if abs v < tiny then tiny else v
    let mutable c = 1.0
    let mutable d = 1.0 / clamp (1.0 - (a + b) * x / (a + 1.0))
    let mutable h = d
    let mutable m = 1
    let mutable converged = false
    while not converged && m <= 300 do
        let m2 = float (2 * m)
        let even = float m * (b - float m) * x / ((a + m2 - 1.0) * (a + m2))
        d <- 1.0 / clamp (1.0 + even * d)
        c <- clamp (1.0 + even / c)
        h <- h * d * c
        let odd = -(a + float m) * (a + b + float m) * x / ((a + m2) * (a + m2 + 1.0))
        d <- 1.0 / clamp (1.0 + odd * d)
        c <- clamp (1.0 + odd / c)
        let step = d * c
        h <- h * step
        converged <- abs (step - 1.0) < 1e-15
        m <- m + 1
    h

/// The regularised incomplete beta function I_x(a, b).
let regularizedBeta (a: float) (b: float) (x: float) =
    if x <= 0.0 then 0.0
    elif x >= 1.0 then 1.0
    else
        let front = exp (logGamma (a + b) - logGamma a - logGamma b + a * log x + b * log (1.0 - x))
        // The fraction converges fast only below the mean; above it, use I_x(a, b) = 1 − I_(1−x)(b, a).
        if x < (a + 1.0) / (a + b + 2.0) then front * betaFraction a b x / a
        else 1.0 - front * betaFraction b a (1.0 - x) / b

/// P(T ≤ t) for Student's t with df degrees of freedom.
let cdf (df: float) (t: float) =
    if not (df > 0.0) then invalidArg (nameof df) $"degrees of freedom must be > 0, got {df}"
    let tail = 0.5 * regularizedBeta (df / 2.0) 0.5 (df / (df + t * t))
    if t >= 0.0 then 1.0 - tail else tail

/// The t with P(T ≤ t) = p, found by bisection on the cdf (to about 1e-12).
let quantile (df: float) (p: float) =
    if not (df > 0.0) then invalidArg (nameof df) $"degrees of freedom must be > 0, got {df}"
    if not (p > 0.0 && p < 1.0) then invalidArg (nameof p) $"probability must be in (0, 1), got {p}"
    let upper = if p >= 0.5 then p else 1.0 - p
    let mutable lo, hi = 0.0, 1.0
    while cdf df hi < upper do hi <- hi * 2.0
    for _ in 1..200 do
        let mid = 0.5 * (lo + hi)
        if cdf df mid < upper then lo <- mid else hi <- mid
    let t = 0.5 * (lo + hi)
    if p >= 0.5 then t else -t
