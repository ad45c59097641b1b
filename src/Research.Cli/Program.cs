using System.CommandLine;
using Research.Cli;

var root = new RootCommand("research: train and reproduce the kit's training objectives on TorchSharp (libtorch).");
foreach (var command in CliCommandAttribute.Discover()) root.Subcommands.Add(command);
return root.Parse(args).Invoke();
