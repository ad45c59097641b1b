/// Gradient checks for F# scripts and notebooks: autograd against central finite differences in float64.
module Research.Fsx.GradCheck

open Research.Torch

/// Checks f at the given float64 inputs; the result names the worst relative error and where it is.
let check (f: Tensor list -> Tensor) (inputs: Tensor list) : GradCheckResult =
    torch.autograd.gradcheck((fun xs -> f (List.ofArray xs)), Array.ofList inputs)

/// Like check, with explicit step and tolerances (PyTorch's criterion |a - n| <= atol + rtol |n|).
let checkWith (eps: float) (atol: float) (rtol: float) (f: Tensor list -> Tensor) (inputs: Tensor list) =
    torch.autograd.gradcheck((fun xs -> f (List.ofArray xs)), Array.ofList inputs, eps, atol, rtol)

/// Fails with the report when the gradient is wrong.
let assertCorrect (f: Tensor list -> Tensor) (inputs: Tensor list) =
    let result = check f inputs
    if not result.Passed then failwith (string result)
