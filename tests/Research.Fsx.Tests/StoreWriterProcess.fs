/// A run-store writer in its own process, for the test of concurrent writers: the test assembly starts
/// itself with `store-writer <db> <writer> <steps>`.
module Research.Fsx.Tests.StoreWriterProcess

open Research.Core.Experiments

[<Literal>]
let Verb = "store-writer"

/// Logs `steps` losses in many small transactions (so that writers interleave), then a result.
let write (db: string) (writer: int) (steps: int) =
    use store = RunStore.Open db
    use run = store.Start("processes", {| writer = writer |}, writer)
    for step in 1..steps do
        run.LogStep(int64 step, "loss", float writer + float step / 1e4)
        if step % 50 = 0 then run.Flush()
    run.SetResult("final", float writer)
    run.Complete()
