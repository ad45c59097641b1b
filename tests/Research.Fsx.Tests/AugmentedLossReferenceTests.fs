/// The augmented loss (Inan et al. 2017, eq. 3.1-3.4) written again in plain F# over float arrays, from the
/// paper's formulas, never touching libtorch; the kit's TorchSharp implementation must agree with it in float64.
module Research.Fsx.Tests.AugmentedLossReferenceTests

open System
open Expecto
open FsCheck.FSharp
open TorchSharp
open Research.Core.Losses

/// Plain-F# reference implementation.
module Reference =
    let logSoftmax (v: float[]) =
        let m = Array.max v
        let lse = m + log (v |> Array.sumBy (fun x -> exp (x - m)))
        v |> Array.map (fun x -> x - lse)

    let dot (a: float[]) (b: float[]) = Array.fold2 (fun s x y -> s + x * y) 0.0 a b

    /// log ỹ_n = log softmax(E[y_n] · Eᵀ / τ)
    let logTarget (e: float[][]) (y: int[]) tau =
        y |> Array.map (fun yn -> e |> Array.map (fun ei -> dot e.[yn] ei / tau) |> logSoftmax)

    let weight alpha tau scale (v: int) =
        match scale with
        | AugmentedLossScale.One -> alpha
        | AugmentedLossScale.Tau -> alpha * tau
        | _ -> alpha * tau * tau * float v

    /// KL(ỹ_n ‖ ŷ_n) per token, with ŷ_n = softmax(z_n / τ).
    let kls (z: float[][]) (y: int[]) (e: float[][]) tau =
        let lyt = logTarget e y tau
        let lyh = z |> Array.map (fun zn -> zn |> Array.map (fun x -> x / tau) |> logSoftmax)
        Array.init y.Length (fun n -> Array.fold2 (fun s t h -> s + exp t * (t - h)) 0.0 lyt.[n] lyh.[n]), lyt, lyh

    let value z y e alpha tau scale =
        let k, _, _ = kls z y e tau
        weight alpha tau scale e.Length * Array.average k

    /// dJ/dz = w/(τN) (ŷ − ỹ)   (eq. 3.4)
    let gradZ z y (e: float[][]) alpha tau scale =
        let _, lyt, lyh = kls z y e tau
        let c = weight alpha tau scale e.Length / (tau * float y.Length)
        Array.map2 (fun (t: float[]) (h: float[]) -> Array.map2 (fun ti hi -> c * (exp hi - exp ti)) t h) lyt lyh

    /// dJ/dE through the target: g = w/(τN) ỹ ∘ ((log ỹ − log ŷ) − KL); dE = gᵀ E[y], and row y_n += (g E)_n.
    let gradE z (y: int[]) (e: float[][]) alpha tau scale =
        let k, lyt, lyh = kls z y e tau
        let c = weight alpha tau scale e.Length / (tau * float y.Length)
        let g = Array.init y.Length (fun n -> Array.init e.Length (fun i -> c * exp lyt.[n].[i] * ((lyt.[n].[i] - lyh.[n].[i]) - k.[n])))
        let d = e.[0].Length
        let grad = Array.init e.Length (fun _ -> Array.zeroCreate<float> d)
        for n in 0 .. y.Length - 1 do
            for i in 0 .. e.Length - 1 do
                for j in 0 .. d - 1 do
                    grad.[i].[j] <- grad.[i].[j] + g.[n].[i] * e.[y.[n]].[j]          // via Eᵀ
                    grad.[y.[n]].[j] <- grad.[y.[n]].[j] + g.[n].[i] * e.[i].[j]      // via u = E[y]
        grad

let private random (rng: Random) rows cols = Array.init rows (fun _ -> Array.init cols (fun _ -> rng.NextDouble() * 4.0 - 2.0))
let private toTensor (a: float[][]) = torch.tensor (Array.concat a, ReadOnlySpan [| int64 a.Length; int64 a.[0].Length |])
let private rows (t: torch.Tensor) (cols: int) = t.data<float>().ToArray() |> Array.chunkBySize cols

let private assertClose (expected: float[][]) (actual: float[][]) what =
    Array.iteri2 (fun i (er: float[]) (ar: float[]) ->
        Array.iteri2 (fun j (x: float) (y: float) ->
            Expect.isTrue (abs (x - y) <= 1e-12 + 1e-10 * abs x) (sprintf "%s[%d,%d]: kit %.17g, reference %.17g" what i j y x)) er ar) expected actual

/// Kit against reference for one temperature and weighting.
let private matchesReference (tau: float) (scale: AugmentedLossScale) () =
    let rng = Random(17)
    let v, d, n = 7, 3, 5
    let z, e = random rng n v, random rng v d
    let y = [| 2; 5; 2; 0; 6 |]
    let alpha = 0.8
    use scope = torch.NewDisposeScope()
    let zt = (toTensor z).requires_grad_()
    let et = (toTensor e).requires_grad_()
    let options = AugmentedLossOptions(alpha, tau, scale, gradThroughTarget = true)
    let loss = AugmentedLoss.Compute(zt, torch.tensor (Array.map int64 y), et, options)
    let expected = Reference.value z y e alpha tau scale
    let value = loss.item<float> ()
    Expect.isTrue (abs (value - expected) <= 1e-12 + 1e-10 * abs expected) (sprintf "value: kit %.17g, reference %.17g" value expected)
    loss.backward ()
    assertClose (Reference.gradZ z y e alpha tau scale) (rows (nonNull zt.grad) v) "dJ/dz"
    assertClose (Reference.gradE z y e alpha tau scale) (rows (nonNull et.grad) d) "dJ/dE"

/// J is a weighted KL, so J ≥ 0; and each token's dJ/dz sums to 0 over the vocabulary, since ŷ and ỹ are distributions
/// (eq. 3.4). Logits and embeddings from a seed, y, τ and the weighting drawn by FsCheck.
let private nonNegativeWithBalancedGradient (seed: int, tau: float, scale: AugmentedLossScale) =
    let rng = Random seed
    let v, d, n = 9, 4, 6
    let z, e = random rng n v, random rng v d
    let y = Array.init n (fun _ -> rng.Next v)
    use scope = torch.NewDisposeScope()
    let zt = (toTensor z).requires_grad_()
    let loss = AugmentedLoss.Compute(zt, torch.tensor (Array.map int64 y), toTensor e, AugmentedLossOptions(0.8, tau, scale, gradThroughTarget = true))
    let value = loss.item<float> ()
    loss.backward ()
    let sums = (nonNull zt.grad).sum(1).data<float>().ToArray()
    (value >= 0.0 && sums |> Array.forall (fun s -> abs s <= 1e-12)) |> Prop.label $"J = %.17g{value}, row sums of dJ/dz %A{sums}"

let private setting =
    gen {
        let! seed = Gen.choose (0, 1_000_000)
        let! tau = Gen.choose (-3, 4) |> Gen.map (fun e -> 2.0 ** float e)
        let! scale = Gen.elements [ AugmentedLossScale.One; AugmentedLossScale.Tau; AugmentedLossScale.TauSquaredV ]
        return seed, tau, scale
    }

let tests =
    testList "AugmentedLoss" [
        testList "value and gradients match the plain-F# reference" [
            for tau in [ 0.5; 1.0; 10.0 ] do
                for scale in [ AugmentedLossScale.One; AugmentedLossScale.Tau; AugmentedLossScale.TauSquaredV ] do
                    testCase $"tau={tau} scale={scale}" (matchesReference tau scale)
        ]
        testList "laws" [
            testPropertyWithConfig Properties.config "J >= 0 and each token's dJ/dz sums to 0" (Prop.forAll (Arb.fromGen setting) nonNegativeWithBalancedGradient)
        ]
    ]
