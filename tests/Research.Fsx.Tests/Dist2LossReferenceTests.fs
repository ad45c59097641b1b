/// DIST2Loss (Chung et al., ICLR 2026; dist2loss.md §1) written again in plain F# over float arrays, from the note's
/// formulas and closed-form gradients, never touching libtorch; the kit's TorchSharp implementation must agree with
/// it to 1e-10 in float64.
module Research.Fsx.Tests.Dist2LossReferenceTests

open System
open Expecto
open FsCheck.FSharp
open TorchSharp
open Research.Core.Losses

module Reference =
    let ignore = -100

    let logSumExp (v: float[]) =
        let m = Array.max v
        m + log (v |> Array.sumBy (fun x -> exp (x - m)))

    let logSoftmax (v: float[]) =
        let lse = logSumExp v
        v |> Array.map (fun x -> x - lse)

    /// log q(· | y) = −d/τ − logsumexp(−d/τ) over V_d with d = Δ².
    let logTarget (values: float[]) (yValue: float) tau =
        values |> Array.map (fun v -> -(v - yValue) * (v - yValue) / tau) |> logSoftmax

    /// w_t: position from the right inside each run of metric labels along one sequence.
    let placeWeights (metric: bool[]) =
        let w = Array.zeroCreate<float> metric.Length
        for t in metric.Length - 1 .. -1 .. 0 do
            if metric.[t] then w.[t] <- 1.0 + (if t + 1 < metric.Length then w.[t + 1] else 0.0)
        w

    type Setting = { Alpha: float; Tau: float; Restricted: bool; PlaceValue: bool }

    /// Loss and dL/dz for sequences z.[b].[t] : float[V] with labels y.[b].[t].
    let lossAndGradient (s: Setting) (ids: int[]) (values: float[]) (z: float[][][]) (y: int[][]) =
        let slot = ids |> Array.mapi (fun k id -> id, k) |> Map.ofArray
        let nce = y |> Array.sumBy (Array.filter (fun l -> l <> ignore) >> Array.length) |> float
        let metric = y |> Array.map (Array.map (fun l -> slot.ContainsKey l))
        let w = metric |> Array.map (fun m -> if s.PlaceValue then placeWeights m else m |> Array.map (fun b -> if b then 1.0 else 0.0))
        let bigW = w |> Array.sumBy Array.sum
        let mutable ce = 0.0
        let mutable dist = 0.0
        let grad =
            Array.init z.Length (fun b ->
                Array.init z.[b].Length (fun t ->
                    let zt, label = z.[b].[t], y.[b].[t]
                    let g = Array.zeroCreate<float> zt.Length
                    if label <> ignore then
                        let logp = logSoftmax zt
                        ce <- ce - logp.[label]
                        for v in 0 .. zt.Length - 1 do g.[v] <- (exp logp.[v] - (if v = label then 1.0 else 0.0)) / nce
                        if metric.[b].[t] && bigW > 0.0 then
                            let logq = logTarget values values.[slot.[label]] s.Tau
                            let logpd =
                                if s.Restricted then ids |> Array.map (fun id -> zt.[id]) |> logSoftmax
                                else ids |> Array.map (fun id -> logp.[id])
                            let kl = Array.fold2 (fun acc lq lp -> if exp lq = 0.0 then acc else acc + exp lq * (lq - lp)) 0.0 logq logpd
                            dist <- dist + w.[b].[t] * kl
                            let c = s.Alpha * w.[b].[t] / bigW
                            if s.Restricted then
                                ids |> Array.iteri (fun k id -> g.[id] <- g.[id] + c * (exp logpd.[k] - exp logq.[k]))
                            else
                                for v in 0 .. zt.Length - 1 do g.[v] <- g.[v] + c * exp logp.[v]
                                ids |> Array.iteri (fun k id -> g.[id] <- g.[id] - c * exp logq.[k])
                    g))
        let loss = ce / nce + (if bigW > 0.0 then s.Alpha * dist / bigW else 0.0)
        loss, grad

/// Kit against reference for one setting: 3 sequences of 5 tokens over 13 logits, digits 0..9 on tokens 1..10.
let private matchesReference (alpha: float) (tau: float) (restricted: bool) (placeValue: bool) () =
    let rng = Random 23
    let b, t, v = 3, 5, 13
    let ids = [| 1; 2; 3; 4; 5; 6; 7; 8; 9; 10 |]            // tokens 1..10 carry the digits 0..9
    let values = Array.init 10 float
    let z = Array.init b (fun _ -> Array.init t (fun _ -> Array.init v (fun _ -> rng.NextDouble() * 6.0 - 3.0)))
    let y = [| [| 0; 3; 4; 11; Reference.ignore |]; [| 5; 6; 7; 12; 1 |]; [| 10; Reference.ignore; 2; 9; 0 |] |]
    let setting = { Reference.Alpha = alpha; Reference.Tau = tau; Reference.Restricted = restricted; Reference.PlaceValue = placeValue }
    let expected, expectedGrad = Reference.lossAndGradient setting ids values z y
    use scope = torch.NewDisposeScope()
    let zt = torch.tensor(z |> Array.collect Array.concat, ReadOnlySpan [| int64 b; int64 t; int64 v |]).requires_grad_()
    let yt = torch.tensor(y |> Array.concat |> Array.map int64, ReadOnlySpan [| int64 b; int64 t |])
    use digits = MetricVocabulary.Integers(1L, 10)
    let variant = if restricted then Dist2Variant.Restricted else Dist2Variant.FullVocabulary
    let output = Dist2Loss.Compute(zt, yt, digits, Dist2Options(alpha, tau, variant, placeValue))
    let value = output.Loss.item<float> ()
    Expect.isTrue (abs (value - expected) <= 1e-10) (sprintf "loss: kit %.17g, reference %.17g" value expected)
    output.Loss.backward ()
    let grad = (nonNull zt.grad).data<float>().ToArray()
    let reference = expectedGrad |> Array.collect Array.concat
    Array.iteri2 (fun i (k: float) (r: float) -> Expect.isTrue (abs (k - r) <= 1e-10) (sprintf "dL/dz[%d]: kit %.17g, reference %.17g" i k r)) grad reference

/// Laws of the target q(· | y) over a scalar vocabulary: values on a 1/8 grid in [-8, 8], τ in [1/16, 16].
let private targetSample =
    gen {
        let! k = Gen.choose (2, 12)
        let! values = Gen.arrayOfLength k (Gen.choose (-64, 64) |> Gen.map (fun i -> float i / 8.0))
        let! label = Gen.choose (0, k - 1)
        let! tau = Gen.choose (-4, 4) |> Gen.map (fun e -> 2.0 ** float e)
        return values, label, tau
    }

let private kitLogTarget (values: float[]) (label: int) (tau: float) =
    use scope = torch.NewDisposeScope()
    use vocabulary = MetricVocabulary.Scalars(Array.init values.Length (fun k -> int64 k + 1L), values)
    Dist2Targets.LogTarget(vocabulary, torch.tensor [| int64 label |], tau, torch.float64).data<float>().ToArray()

let private qSumsToOne (values: float[], label: int, tau: float) =
    let sum (logq: float[]) = logq |> Array.sumBy exp
    let kit, reference = sum (kitLogTarget values label tau), sum (Reference.logTarget values values.[label] tau)
    (abs (kit - 1.0) <= 1e-12 && abs (reference - 1.0) <= 1e-12)
    |> Prop.label $"sum q: kit %.17g{kit}, reference %.17g{reference}"

/// On the digits, q(y + d | y) = q(y − d | y): the target depends on the distance only, not its sign.
let private qSymmetric (label: int, tau: float) =
    let logq = kitLogTarget (Array.init 10 float) label tau
    [ 1 .. min label (9 - label) ]
    |> List.forall (fun d -> abs (exp logq.[label + d] - exp logq.[label - d]) <= 1e-15)
    |> Prop.label $"q around y = {label}, tau = {tau}: %A{logq |> Array.map exp}"

/// Each token's gradient sums to zero over the vocabulary: p, q and the one-hot label are distributions.
let private gradientRowsSumToZero (seed: int, alpha: float, tau: float, restricted: bool, placeValue: bool) =
    let rng = Random seed
    let labels = [| 0; 1; 2; 3; 4; 5; 6; 7; 8; 9; 10; 11; 12; -100 |]
    use scope = torch.NewDisposeScope()
    let zt = torch.tensor(Array.init (2 * 6 * 13) (fun _ -> rng.NextDouble() * 6.0 - 3.0), ReadOnlySpan [| 2L; 6L; 13L |]).requires_grad_()
    let yt = torch.tensor(Array.init 12 (fun _ -> int64 labels.[rng.Next labels.Length]), ReadOnlySpan [| 2L; 6L |])
    use digits = MetricVocabulary.Integers(1L, 10)
    let variant = if restricted then Dist2Variant.Restricted else Dist2Variant.FullVocabulary
    let output = Dist2Loss.Compute(zt, yt, digits, Dist2Options(alpha, tau, variant, placeValue))
    output.Loss.backward ()
    let sums = (nonNull zt.grad).sum(-1).data<float>().ToArray()
    sums |> Array.forall (fun s -> abs s <= 1e-12) |> Prop.label $"row sums %A{sums}"

let private settingSample =
    gen {
        let! seed = Gen.choose (0, 1_000_000)
        let! alpha = Gen.elements [ 0.1; 1.0; 3.0 ]
        let! tau = Gen.choose (-4, 4) |> Gen.map (fun e -> 2.0 ** float e)
        let! restricted = Gen.elements [ true; false ]
        let! placeValue = Gen.elements [ true; false ]
        return seed, alpha, tau, restricted, placeValue
    }

let tests =
    testList "DIST2" [
        testList "value and gradient match the plain-F# reference" [
            for alpha, tau in [ 0.1, 1.0; 1.0, 2.0; 1.0, 8.0 ] do
                for restricted in [ true; false ] do
                    for placeValue in [ false; true ] do
                        testCase $"alpha={alpha} tau={tau} restricted={restricted} placeValue={placeValue}" (matchesReference alpha tau restricted placeValue)
        ]
        testList "laws" [
            testPropertyWithConfig Properties.config "q(. | y) sums to 1, kit and reference" (Prop.forAll (Arb.fromGen targetSample) qSumsToOne)
            testPropertyWithConfig Properties.config "q(y + d | y) = q(y - d | y) on the digits"
                (Prop.forAll (Arb.fromGen (Gen.zip (Gen.choose (0, 9)) (Gen.choose (-4, 4) |> Gen.map (fun e -> 2.0 ** float e)))) qSymmetric)
            testPropertyWithConfig Properties.config "each token's gradient sums to 0" (Prop.forAll (Arb.fromGen settingSample) gradientRowsSumToZero)
        ]
    ]
