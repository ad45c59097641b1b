using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Research.Torch.Tests")]
