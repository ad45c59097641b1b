/// The kit in F# hosts. F# Interactive and Polyglot Notebooks run without a deps.json, so TorchSharp cannot find
/// libtorch's native libraries by itself; the notebook runner calls `init` before the first cell, and a notebook
/// opened in Polyglot calls it in its first cell, right after the #r lines.
module Research.Fsx.Kit

/// Loads libtorch 2.10 and TorchSharp's native shim (on Debian 12, the copy `./kit setup` prepared) and applies
/// RESEARCH_NUM_THREADS. Call it before the first TorchSharp call; calling it again does nothing.
let init () = Research.Core.Engine.TorchRuntime.EnsureLoaded()
