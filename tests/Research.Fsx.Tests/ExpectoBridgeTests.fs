/// The bridge itself: it runs every Expecto check (none lost, none silently skipped) and fails when a check fails.
module Research.Fsx.Tests.ExpectoBridgeTests

open System
open Expecto
open Xunit

/// xunit tests of the four reference files before they became Expecto tests (3 + 9 + 18 + 1 + 12, and the CKA noise check).
let private checksBeforeExpecto = 44

[<Fact>]
let ``Every Expecto check becomes one xunit case with a distinct name`` () =
    let names = ExpectoBridge.flatten ExpectoChecks.all |> List.map fst
    Assert.NotEmpty names
    Assert.Equal(ExpectoBridge.leafCount ExpectoChecks.all, names.Length)
    Assert.Equal(names.Length, Seq.length ExpectoChecks.names)
    Assert.Equal(names.Length, (List.distinct names).Length)
    Assert.True(names.Length >= checksBeforeExpecto, $"{names.Length} Expecto checks, fewer than the {checksBeforeExpecto} before")

/// Deliberately failing checks, kept out of ExpectoChecks.all: the bridge must raise with the check's message.
let private failing =
    testList "deliberately failing" [
        testCase "an assertion" <| fun () -> Expect.equal (1 + 1) 3 "one plus one"
        testProperty "a property" (fun (x: int) -> x + 1 = x)
        testAsync "an async test" { Expect.isTrue false "async false" }
    ]

[<Fact>]
let ``A failing Expecto check fails through the bridge with its message`` () =
    let cases = ExpectoBridge.flatten failing
    Assert.Equal(3, cases.Length)
    for name, code in cases do
        let error = Assert.ThrowsAny<Exception>(fun () -> ExpectoBridge.run code)
        Assert.False(String.IsNullOrWhiteSpace error.Message, $"{name}: raised without a message")
    let _, assertion = cases |> List.find (fun (name, _) -> name.EndsWith "an assertion")
    Assert.Contains("one plus one", (Assert.ThrowsAny<Exception>(fun () -> ExpectoBridge.run assertion)).Message)
