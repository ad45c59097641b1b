/// DIST2Loss (Chung et al., ICLR 2026; dist2loss.md §1) written again in plain F# over float arrays, from the note's
/// formulas and closed-form gradients, never touching libtorch; the kit's TorchSharp implementation must agree with
/// it to 1e-10 in float64.
module Research.Fsx.Tests.Dist2LossReferenceTests

open System
open Xunit
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

let cases : obj[] seq =
    seq {
        for alpha, tau in [ 0.1, 1.0; 1.0, 2.0; 1.0, 8.0 ] do
            for restricted in [ true; false ] do
                for placeValue in [ false; true ] do
                    yield [| alpha :> obj; tau :> obj; restricted :> obj; placeValue :> obj |]
    }

[<Theory>]
[<MemberData(nameof cases)>]
let ``DIST2 value and gradient match the plain-F# reference`` (alpha: float) (tau: float) (restricted: bool) (placeValue: bool) =
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
    Assert.True(abs (value - expected) <= 1e-10, sprintf "loss: kit %.17g, reference %.17g" value expected)
    output.Loss.backward ()
    let grad = (nonNull zt.grad).data<float>().ToArray()
    let reference = expectedGrad |> Array.collect Array.concat
    Array.iteri2 (fun i (k: float) (r: float) -> Assert.True(abs (k - r) <= 1e-10, sprintf "dL/dz[%d]: kit %.17g, reference %.17g" i k r)) grad reference
