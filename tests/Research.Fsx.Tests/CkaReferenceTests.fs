/// Linear CKA written again in plain F# over float arrays, from the formulas (Kornblith et al. 2019: HSIC =
/// tr(KHLH)/(n−1)² with an explicit centring matrix H; Song et al. 2012: the unbiased HSIC on Grams with zeroed
/// diagonals), never touching libtorch; the kit's TorchSharp implementation must agree with it in float64, and both must
/// show the note's invariants.
module Research.Fsx.Tests.CkaReferenceTests

open System
open Expecto
open FsCheck.FSharp
open TorchSharp
open Research.Core.Losses

module Reference =
    type Matrix = float[][]

    let transpose (a: Matrix) : Matrix = Array.init a.[0].Length (fun j -> Array.init a.Length (fun i -> a.[i].[j]))
    let mul (a: Matrix) (b: Matrix) : Matrix =
        let bt = transpose b
        a |> Array.map (fun row -> bt |> Array.map (fun col -> Array.fold2 (fun s x y -> s + x * y) 0.0 row col))
    let trace (a: Matrix) = Seq.sum (seq { for i in 0 .. a.Length - 1 -> a.[i].[i] })
    let gram (x: Matrix) = mul x (transpose x)
    let centring n : Matrix = Array.init n (fun i -> Array.init n (fun j -> (if i = j then 1.0 else 0.0) - 1.0 / float n))

    let hsicBiased (k: Matrix) (l: Matrix) =
        let h = centring k.Length
        trace (mul (mul (mul k h) l) h) / float ((k.Length - 1) * (k.Length - 1))

    let hsicUnbiased (k: Matrix) (l: Matrix) =
        let n = float k.Length
        let zeroDiagonal (a: Matrix) = a |> Array.mapi (fun i row -> row |> Array.mapi (fun j v -> if i = j then 0.0 else v))
        let kt, lt = zeroDiagonal k, zeroDiagonal l
        let total (a: Matrix) = a |> Array.sumBy Array.sum
        let kl = mul kt lt
        (trace kl + total kt * total lt / ((n - 1.0) * (n - 2.0)) - 2.0 / (n - 2.0) * total kl) / (n * (n - 3.0))

    let cka unbiased (x: Matrix) (y: Matrix) =
        let hsic = if unbiased then hsicUnbiased else hsicBiased
        let k, l = gram x, gram y
        hsic k l / sqrt (hsic k k * hsic l l)

let private random (rng: Random) rows cols = Array.init rows (fun _ -> Array.init cols (fun _ -> rng.NextDouble() * 4.0 - 2.0))
let private toTensor (a: float[][]) = torch.tensor (Array.concat a, ReadOnlySpan [| int64 a.Length; int64 a.[0].Length |])
let private kit unbiased form (x: float[][]) (y: float[][]) =
    use scope = torch.NewDisposeScope()
    Cka.Linear(toTensor x, toTensor y, (if unbiased then CkaEstimator.Unbiased else CkaEstimator.Biased), form).item<float> ()

/// A random orthogonal matrix by Gram-Schmidt, in plain F#.
let private orthogonal (rng: Random) d =
    let basis = ResizeArray<float[]>()
    for v in random rng d d do
        let w = basis |> Seq.fold (fun (w: float[]) b -> let p = Array.fold2 (fun s x y -> s + x * y) 0.0 w b in Array.map2 (fun x y -> x - p * y) w b) v
        let norm = sqrt (Array.sumBy (fun x -> x * x) w)
        basis.Add(Array.map (fun x -> x / norm) w)
    basis.ToArray()

/// Kit against reference, and the note's invariants for both, on one shape.
let private matchesReference (unbiased: bool) (form: CkaForm) (n: int) (dx: int) (dy: int) () =
    let rng = Random(n * 100 + dx)
    let x = random rng n dx
    // y shares a direction with x, so CKA is away from 0 and 1
    let y = random rng n dy |> Array.mapi (fun i row -> row |> Array.mapi (fun j v -> v + 1.5 * x.[i].[j % dx]))
    let expected = Reference.cka unbiased x y
    let close what (a: float) (b: float) = Expect.isTrue (abs (a - b) <= 1e-11) (sprintf "%s: %.17g vs %.17g" what a b)
    close "kit vs reference" expected (kit unbiased form x y)
    for name, value in [ "reference", Reference.cka unbiased; "kit", kit unbiased form ] do
        close (name + ": CKA(X, X) = 1") 1.0 (value x x)
        close (name + ": symmetric") expected (value y x)
        close (name + ": X·Q, Q orthogonal") expected (value (Reference.mul x (orthogonal rng dx)) y)
        close (name + ": s·X") expected (value (x |> Array.map (Array.map (fun v -> -7.0 * v))) y)
    if not unbiased then       // ⟨K̄, L̄⟩/(‖K̄‖‖L̄‖) of centred PSD Grams
        Expect.isGreaterThanOrEqual expected 0.0 "biased CKA"
        Expect.isLessThanOrEqual expected 1.0 "biased CKA"

/// The kit's autograd gradient against central differences (h = 1e-6) of the reference, at every entry of X [9, 4].
let private gradientMatchesFiniteDifferences (unbiased: bool) () =
    let rng = Random(3)
    let x, y = random rng 9 4, random rng 9 6
    use scope = torch.NewDisposeScope()
    let xt = (toTensor x).requires_grad_ ()
    let value = Cka.Linear(xt, toTensor y, (if unbiased then CkaEstimator.Unbiased else CkaEstimator.Biased))
    let grad = (torch.autograd.grad ([| value |], [| xt |])).[0].data<float>().ToArray()
    let h = 1e-6
    for i in 0 .. 8 do
        for j in 0 .. 3 do
            let shifted d = x |> Array.mapi (fun a row -> row |> Array.mapi (fun b v -> if a = i && b = j then v + d else v))
            let numeric = (Reference.cka unbiased (shifted h) y - Reference.cka unbiased (shifted -h) y) / (2.0 * h)
            let analytic = grad.[i * 4 + j]
            Expect.isTrue (abs (numeric - analytic) <= 1e-8 + 1e-6 * abs numeric) (sprintf "unbiased=%b d/dx[%d,%d]: kit %.12g, reference %.12g" unbiased i j analytic numeric)

/// A sample for the invariance laws: X [n, dx] on a 1/64 grid in [-2, 2], Y [n, dy] sharing a direction with X, an
/// orthogonal Q [dx, dx] (Givens rotations by whole degrees, then an optional reflection), a scale s ≠ 0.
type Sample = { X: float[][]; Y: float[][]; Q: float[][]; Scale: float; Unbiased: bool; Form: CkaForm }

let private givens d (p, q, degrees: int) (m: float[][]) =
    let c, s = cos (float degrees * Math.PI / 180.0), sin (float degrees * Math.PI / 180.0)
    m |> Array.map (fun row -> row |> Array.mapi (fun j v -> if j = p then c * v - s * row.[q] elif j = q then s * row.[p] + c * v else v))

let private sample =
    let entry = Gen.choose (-128, 128) |> Gen.map (fun i -> float i / 64.0)
    gen {
        let! unbiased = Gen.elements [ false; true ]
        let! n = Gen.choose ((if unbiased then 10 else 6), 16)
        let! dx = Gen.choose (1, 6)
        let! dy = Gen.choose (1, 6)
        let! x = Gen.arrayOfLength n (Gen.arrayOfLength dx entry)
        let! noise = Gen.arrayOfLength n (Gen.arrayOfLength dy entry)
        let pairs = [ for p in 0 .. dx - 1 do for q in p + 1 .. dx - 1 -> p, q ]
        let! degrees = Gen.listOfLength pairs.Length (Gen.choose (0, 359))
        let! reflect = Gen.elements [ false; true ]
        let! scale = Gen.elements [ -7.0; -0.5; 0.125; 3.0; 1000.0 ]
        let! form = Gen.elements [ CkaForm.Gram; CkaForm.Feature; CkaForm.Auto ]
        let identity = Array.init dx (fun i -> Array.init dx (fun j -> if i = j then 1.0 else 0.0))
        let rotated = List.zip pairs degrees |> List.fold (fun m ((p, q), a) -> givens dx (p, q, a) m) identity
        let q = if reflect then rotated |> Array.map (fun row -> Array.append [| -row.[0] |] row.[1..]) else rotated
        let y = noise |> Array.mapi (fun i row -> row |> Array.mapi (fun j v -> v + 1.5 * x.[i].[j % dx]))
        return { X = x; Y = y; Q = q; Scale = scale; Unbiased = unbiased; Form = form }
    }

/// One law for the kit and the reference: f s (value) = CKA(X, Y) within 1e-9 of its size.
/// The note's pilot at d = 1000 on independent noise: biased CKA saturates (0.94 at n = 64), unbiased stays near 0;
/// the kit equals the reference on every draw.
let private noiseSaturatesOnlyTheBiasedEstimator () =
    let rng = Random(11)
    let gaussian () = sqrt (-2.0 * log (1.0 - rng.NextDouble())) * cos (2.0 * Math.PI * rng.NextDouble())
    let draws =
        [ for _ in 1 .. 5 ->
            let x = Array.init 64 (fun _ -> Array.init 1000 (fun _ -> gaussian ()))
            let y = Array.init 64 (fun _ -> Array.init 1000 (fun _ -> gaussian ()))
            let biased, unbiased = Reference.cka false x y, Reference.cka true x y
            Expect.isLessThan (abs (biased - kit false CkaForm.Auto x y)) 1e-10 "kit = reference, biased"
            Expect.isLessThan (abs (unbiased - kit true CkaForm.Auto x y)) 1e-10 "kit = reference, unbiased"
            biased, unbiased ]
    let meanBiased = draws |> List.averageBy fst
    let meanUnbiased = draws |> List.averageBy snd
    Expect.isTrue (meanBiased >= 0.9 && meanBiased <= 0.97) $"mean biased CKA on noise {meanBiased}, expected in [0.9, 0.97]"
    Expect.isTrue (meanUnbiased >= -0.05 && meanUnbiased <= 0.05) $"mean unbiased CKA on noise {meanUnbiased}, expected in [-0.05, 0.05]"

let private law (transformed: Sample -> (float[][] -> float[][] -> float) -> float) (s: Sample) =
    [ "reference", Reference.cka s.Unbiased; "kit", kit s.Unbiased s.Form ]
    |> List.map (fun (name, value) ->
        let expected, actual = value s.X s.Y, transformed s value
        abs (expected - actual) <= 1e-9 * (1.0 + abs expected) |> Prop.label $"{name}: %.17g{actual} vs CKA(X, Y) = %.17g{expected}")
    |> List.reduce (.&.)

let private property name transformed =
    testPropertyWithConfig Properties.config name (Prop.forAll (Arb.fromGen sample) (law transformed))

let tests =
    testList "CKA" [
        testList "matches the plain-F# reference and both show the invariants" [
            for unbiased in [ false; true ] do
                for form in [ CkaForm.Gram; CkaForm.Feature; CkaForm.Auto ] do
                    for n, dx, dy in [ (6, 3, 5); (10, 12, 4); (16, 40, 40) ] do
                        testCase $"unbiased={unbiased} form={form} n={n} dx={dx} dy={dy}" (matchesReference unbiased form n dx dy)
        ]
        testList "the kit's gradient matches finite differences of the plain-F# reference" [
            for unbiased in [ false; true ] do
                testCase $"unbiased={unbiased}" (gradientMatchesFiniteDifferences unbiased)
        ]
        testCase "on independent noise with d much larger than n only biased CKA saturates" noiseSaturatesOnlyTheBiasedEstimator
        testList "laws" [
            property "symmetric: CKA(Y, X) = CKA(X, Y)" (fun s value -> value s.Y s.X)
            property "orthogonal: CKA(X·Q, Y) = CKA(X, Y)" (fun s value -> value (Reference.mul s.X s.Q) s.Y)
            property "isotropic scaling: CKA(s·X, Y) = CKA(X, Y)" (fun s value -> value (s.X |> Array.map (Array.map ((*) s.Scale))) s.Y)
            // written as CKA(X, X) − 1 + CKA(X, Y), so the same comparison with CKA(X, Y) checks CKA(X, X) = 1
            property "CKA(X, X) = 1" (fun s value -> value s.X s.X - 1.0 + value s.X s.Y)
        ]
    ]
