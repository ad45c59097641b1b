using System.CommandLine;
using Research.Core.Engine;
using Research.Core.Experiments;
using Research.Core.Experiments.Dist2;

namespace Research.Cli.Commands;

/// <summary><c>research train dist2 --config file.json</c>: one Task A run of the DIST2 experiment (issue 11).</summary>
internal static class TrainDist2Command
{
    internal static Command Create()
    {
        var config = new Option<string>("--config") { Description = "JSON file: task (regression or blobs), scale, tokenisation, condition, trainSize, seed, alpha, tau, steps.", Required = true };
        var reuse = new Option<bool>("--reuse") { Description = "Return a completed run of the same config, seed and code revision from the run store instead of training again." };
        var dist2 = new Command("dist2", "Train a small decoder on meta linear regression written as tokens (Chung et al. 2026, DIST2Loss) " +
                                         "under one condition (ce, ls, dist2, dist2-pv, random, vocab); prints test MAE and RMSE.") { config, reuse };
        dist2.SetAction(parse => UserErrors.Report("train dist2", () => Train(parse.GetValue(config)!, parse.GetValue(reuse))));
        return dist2;
    }

    private static int Train(string path, bool reuse)
    {
        var config = TrainDist2Config.Read(path);
        TorchRuntime.EnsureLoaded();   // applies RESEARCH_NUM_THREADS before the first tensor
        using var store = RunStore.OpenDefault();
        if (config.Task == "blobs")
        {
            var b = BlobRunner.Run(config.BlobSpec(), store, reuse);
            Console.WriteLine($"{b.Condition} ({b.Tokenisation}, alpha {b.Alpha}, tau {b.Tau}) N={b.TrainSize} seed {b.Seed}: mean pixel error {b.MeanError:F3}, " +
                              $"Acc@0 {b.AccuracyAt0:P1}, Acc@1 {b.AccuracyAt1:P1}, error among misses {b.MissError:F3}; {b.Steps} steps in {b.Seconds:F1} s; {(b.Reused ? "reused " : "")}run {b.RunId} in {store.Path}");
            return 0;
        }
        var scale = Dist2Scale.Named(config.Scale);
        var r = RegressionRunner.Run(scale, config.Spec(), store, reuse: reuse);
        Console.WriteLine($"{r.Condition} ({r.Tokenisation}, alpha {r.Alpha}, tau {r.Tau}) N={r.TrainSize} seed {r.Seed}: test MAE {r.Mae:F3}, RMSE {r.Rmse:F3}, " +
                          $"exact {r.ExactAccuracy:P1}; valid MAE {r.ValidMae:F3}; {r.Steps} steps in {r.Seconds:F1} s; {(r.Reused ? "reused " : "")}run {r.RunId} in {store.Path}");
        return 0;
    }
}
