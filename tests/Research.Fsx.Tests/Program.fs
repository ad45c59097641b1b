module Research.Fsx.Tests.Program

/// xunit loads this assembly as a library; the entry point serves only the processes tests start (store writers, chaos training).
[<EntryPoint>]
let main argv =
    match argv with
    | [| verb; db; writer; steps |] when verb = StoreWriterProcess.Verb ->
        StoreWriterProcess.write db (int writer) (int steps)
        0
    | [| verb; folder |] when verb = ChaosTrainingProcess.Verb ->
        ChaosTrainingProcess.train folder
        0
    | _ ->
        eprintfn "usage: Research.Fsx.Tests %s <db> <writer> <steps>, got: %s" StoreWriterProcess.Verb (String.concat " " argv)
        2
