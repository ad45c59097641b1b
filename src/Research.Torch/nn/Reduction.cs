namespace Research.Torch;

/// <summary>How a loss reduces over elements: PyTorch's reduction='none' | 'mean' | 'sum'.</summary>
public enum Reduction
{
    None = 0,
    Mean = 1,
    Sum = 2,
}
