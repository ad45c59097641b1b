/// The kit in F# hosts. F# Interactive and Polyglot Notebooks run without a deps.json, so TorchSharp cannot find
/// libtorch's native libraries by itself; the notebook runner calls `init` before the first cell, and a notebook
/// opened in Polyglot calls it in its first cell, right after the #r lines.
module Research.Fsx.Kit

/// Loads libtorch 2.10 and TorchSharp's native shim (on Debian 12, the copy `./kit setup` prepared), applies
/// RESEARCH_NUM_THREADS, and lets the kit's F# code run on a host's older FSharp.Core (Polyglot's 10.0). Call it
/// before the first TorchSharp call and the first use of the kit's F# modules; calling it again does nothing.
let init () =
    FSharpCoreRedirect.install ()
    Research.Core.Engine.TorchRuntime.EnsureLoaded()
    // In a .NET Interactive kernel, a chart left as a cell's value displays as Chart.display shows it.
    ChartDisplay.registerFormatters () |> ignore
