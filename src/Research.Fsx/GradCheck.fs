/// Gradient checks for F# scripts and notebooks: autograd against central finite differences in float64.
/// The maths is the kit's (Research.Core.Engine.GradCheck); this module gives it F# lists and pipelines.
module Research.Fsx.GradCheck

open System
open TorchSharp
open Research.Core.Engine

type private Checker = Research.Core.Engine.GradCheck

/// Checks f at copies of the given float64 inputs; the result names the worst relative error and where it is.
let check (f: torch.Tensor list -> torch.Tensor) (inputs: torch.Tensor list) : GradCheckResult =
    Checker.Run(Func<torch.Tensor[], torch.Tensor>(List.ofArray >> f), Array.ofList inputs)

/// Like check, with explicit step and tolerances (PyTorch's criterion |a - n| <= atol + rtol |n|).
let checkWith (eps: float) (atol: float) (rtol: float) (f: torch.Tensor list -> torch.Tensor) (inputs: torch.Tensor list) : GradCheckResult =
    Checker.Run(Func<torch.Tensor[], torch.Tensor>(List.ofArray >> f), Array.ofList inputs, eps, atol, rtol)

/// Checks a closure over existing float64 leaves that require grad, such as a module's parameters: each element
/// is perturbed in place and restored, so the module needs no rewiring.
let checkLeaves (f: unit -> torch.Tensor) (leaves: torch.Tensor list) : GradCheckResult =
    Checker.Run(Func<torch.Tensor>(f), List.toArray leaves :> Collections.Generic.IReadOnlyList<_>)

/// Fails with the report when the gradient is wrong.
let assertCorrect (f: torch.Tensor list -> torch.Tensor) (inputs: torch.Tensor list) =
    let result = check f inputs
    if not result.Passed then failwith (string result)
