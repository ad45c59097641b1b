using System.CommandLine;
using Research.Core.Experiments;

namespace Research.Cli.Commands;

/// <summary><c>research reproduce</c>: the kit's main job.</summary>
[CliCommand]
internal static class ReproduceCommand
{
    internal static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Training steps of the spiral MLP.", DefaultValueFactory = _ => 1500 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 3 };
        var command = new Command("reproduce", "Run the kit's main job: for now, train a small MLP on the spiral task and print its metrics.")
        {
            steps,
            seed,
        };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(steps);
            if (n <= 0)
            {
                Console.Error.WriteLine($"--steps must be positive, got {n}");
                return 2;
            }
            Console.WriteLine($"Training a 2-layer MLP (raw ops, SGD) on the spiral task for {n} steps...");
            var result = SpiralDemo.Run(steps: n, seed: parse.GetValue(seed),
                progress: (step, loss) => Console.WriteLine($"  step {step,5}  loss {loss:F4}"));
            Console.WriteLine($"final loss      {result.FinalLoss:F4}");
            Console.WriteLine($"train accuracy  {result.TrainAccuracy:P1}");
            Console.WriteLine($"test accuracy   {result.TestAccuracy:P1}");
            Console.WriteLine($"time            {result.Seconds:F1} s");
            return 0;
        });
        return command;
    }
}
