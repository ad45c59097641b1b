/// FsCheck settings shared by the Expecto properties: 100 samples from a fixed seed, so CI is reproducible and a
/// failure names the same shrunk counterexample on every machine.
module Research.Fsx.Tests.Properties

open Expecto

let config = { FsCheckConfig.defaultConfig with maxTest = 100; replay = Some(0x5EEDUL, 0x9E3779B97F4A7C15UL, None) }
