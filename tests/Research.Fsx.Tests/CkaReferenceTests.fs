/// Linear CKA written again in plain F# over float arrays, from the formulas (Kornblith et al. 2019: HSIC =
/// tr(KHLH)/(n−1)² with an explicit centring matrix H; Song et al. 2012: the unbiased HSIC on Grams with zeroed
/// diagonals), never touching libtorch; the kit's TorchSharp implementation must agree with it in float64, and both must
/// show the note's invariants.
module Research.Fsx.Tests.CkaReferenceTests

open System
open Xunit
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

let cases : obj[] seq =
    seq {
        for unbiased in [ false; true ] do
            for form in [ CkaForm.Gram; CkaForm.Feature; CkaForm.Auto ] do
                for n, dx, dy in [ (6, 3, 5); (10, 12, 4); (16, 40, 40) ] do
                    yield [| unbiased :> obj; form :> obj; n :> obj; dx :> obj; dy :> obj |]
    }

[<Theory>]
[<MemberData(nameof cases)>]
let ``CKA matches the plain-F# reference and both show the invariants`` (unbiased: bool) (form: CkaForm) (n: int) (dx: int) (dy: int) =
    let rng = Random(n * 100 + dx)
    let x = random rng n dx
    // y shares a direction with x, so CKA is away from 0 and 1
    let y = random rng n dy |> Array.mapi (fun i row -> row |> Array.mapi (fun j v -> v + 1.5 * x.[i].[j % dx]))
    let expected = Reference.cka unbiased x y
    let close what (a: float) (b: float) = Assert.True(abs (a - b) <= 1e-11, sprintf "%s: %.17g vs %.17g" what a b)
    close "kit vs reference" expected (kit unbiased form x y)
    for name, value in [ "reference", Reference.cka unbiased; "kit", kit unbiased form ] do
        close (name + ": CKA(X, X) = 1") 1.0 (value x x)
        close (name + ": symmetric") expected (value y x)
        close (name + ": X·Q, Q orthogonal") expected (value (Reference.mul x (orthogonal rng dx)) y)
        close (name + ": s·X") expected (value (x |> Array.map (Array.map (fun v -> -7.0 * v))) y)
    if not unbiased then Assert.InRange(expected, 0.0, 1.0)       // ⟨K̄, L̄⟩/(‖K̄‖‖L̄‖) of centred PSD Grams

[<Fact>]
let ``The kit's CKA gradient matches finite differences of the plain-F# reference`` () =
    let rng = Random(3)
    let x, y = random rng 9 4, random rng 9 6
    for unbiased in [ false; true ] do
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
                Assert.True(abs (numeric - analytic) <= 1e-8 + 1e-6 * abs numeric, sprintf "unbiased=%b d/dx[%d,%d]: kit %.12g, reference %.12g" unbiased i j analytic numeric)

[<Fact>]
let ``On independent noise with d much larger than n the reference and the kit agree that biased CKA saturates and unbiased does not`` () =
    // The note's pilot at d = 1000: biased 0.94 at n = 64, unbiased ≈ 0.
    let rng = Random(11)
    let gaussian () = sqrt (-2.0 * log (1.0 - rng.NextDouble())) * cos (2.0 * Math.PI * rng.NextDouble())
    let draws =
        [ for _ in 1 .. 5 ->
            let x = Array.init 64 (fun _ -> Array.init 1000 (fun _ -> gaussian ()))
            let y = Array.init 64 (fun _ -> Array.init 1000 (fun _ -> gaussian ()))
            let biased, unbiased = Reference.cka false x y, Reference.cka true x y
            Assert.True(abs (biased - kit false CkaForm.Auto x y) < 1e-10)
            Assert.True(abs (unbiased - kit true CkaForm.Auto x y) < 1e-10)
            biased, unbiased ]
    let meanBiased = draws |> List.averageBy fst
    let meanUnbiased = draws |> List.averageBy snd
    Assert.InRange(meanBiased, 0.9, 0.97)
    Assert.InRange(meanUnbiased, -0.05, 0.05)
