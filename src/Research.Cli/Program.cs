using System.CommandLine;
using Research.Cli.Commands;

var root = new RootCommand("research: train and reproduce the kit's training objectives on libtorch.");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(ReproduceCommand.Create());
return root.Parse(args).Invoke();
