using Research.Torch.Native;

namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>One-hot encoding of int64 class indices; num_classes -1 infers max + 1.</summary>
            public static Tensor one_hot(Tensor tensor, long num_classes = -1)
            {
                var r = LibTorch.rt_one_hot(tensor.Handle, num_classes);
                GC.KeepAlive(tensor);
                return Tensor.Wrap(r, "one_hot");
            }
        }
    }
}
