/// The kit's finite-difference gradient check, itself checked: it passes a right gradient and catches a wrong one.
module Research.Fsx.Tests.GradCheckTests

open System
open Expecto
open TorchSharp
open Research.Fsx

let private input (values: float list) = torch.tensor (Array.ofList values, ReadOnlySpan [| int64 values.Length |])

let tests =
    testList "GradCheck" [
        testCase "passes a correct gradient" <| fun () ->
            use scope = torch.NewDisposeScope()
            let result = GradCheck.check (fun xs -> (xs.[0] * xs.[0]).tanh()) [ input [ 0.3; -1.2; 0.7 ] ]
            Expect.isTrue result.Passed (string result)

        testCase "catches a deliberately wrong gradient" <| fun () ->
            use scope = torch.NewDisposeScope()
            // detach hides one factor from autograd: the gradient of x*x comes out as x, not 2x.
            let result = GradCheck.check (fun xs -> xs.[0] * xs.[0].detach()) [ input [ 0.3; -1.2; 0.7 ] ]
            Expect.isFalse result.Passed (string result)
            Expect.isGreaterThanOrEqual result.WorstRelativeError 0.3 "worst relative error"
            Expect.isLessThanOrEqual result.WorstRelativeError 1.0 "worst relative error"

        // A module's own parameters, checked in place: a float64 linear layer under tanh, then a wrong gradient by the
        // same route (the weight detached in the forward pass, so autograd sees none for it).
        testCase "checks a module's parameters in place" <| fun () ->
            use scope = torch.NewDisposeScope()
            torch.manual_seed 3L |> ignore
            use layer = torch.nn.Linear(3L, 2L, dtype = torch.float64)
            let x = torch.randn ([| 4L; 3L |], dtype = torch.float64)
            let parameters : torch.Tensor list = [ layer.weight; nonNull layer.bias ]
            let right = GradCheck.checkLeaves (fun () -> layer.call(x).tanh()) parameters
            Expect.isTrue right.Passed (string right)
            Expect.equal right.ElementsChecked 8L "elements checked"
            let wrong = GradCheck.checkLeaves (fun () -> torch.nn.functional.linear(x, layer.weight.detach(), layer.bias).tanh()) parameters
            Expect.isFalse wrong.Passed (string wrong)
            Expect.equal wrong.WorstInput 0 "worst input"
    ]
