/// Runs Expecto tests under xunit: `dotnet test` finds no Expecto adapter and would silently run nothing, so the tree is
/// flattened into named cases that an xunit theory runs one by one (../shared/STACK.md, Expecto).
module Research.Fsx.Tests.ExpectoBridge

open System.Threading
open Expecto

/// Every test case of the tree with its full name (labels joined by "/"), as Expecto itself flattens it.
let flatten (tree: Test) : (string * TestCode) list =
    Test.toTestCodeList tree |> List.map (fun flat -> String.concat "/" flat.name, flat.test)

/// The testCase/testProperty leaves, counted by walking the tree independently of `flatten`.
let rec leafCount (tree: Test) =
    match tree with
    | TestCase _ -> 1
    | TestLabel(_, test, _) -> leafCount test
    | TestList(tests, _) -> tests |> List.sumBy leafCount
    | Test.Sequenced(_, test) -> leafCount test

/// Runs one test's code to its end; a failing test raises with Expecto's (or FsCheck's) message.
let run (code: TestCode) =
    match code with
    | Sync test -> test ()
    | SyncWithCancel test -> test CancellationToken.None
    | Async test -> Async.RunSynchronously test
    | AsyncFsCheck(config, _, test) -> test (defaultArg config FsCheckConfig.defaultConfig) |> Async.RunSynchronously
