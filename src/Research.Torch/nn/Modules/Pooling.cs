namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public sealed class MaxPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null, bool ceil_mode = false)
            : Activation(x => functional.max_pool2d(x, kernel_size, stride, padding, ceil_mode: ceil_mode), $"kernel_size={kernel_size}, stride={stride ?? kernel_size}")
        {
            public MaxPool2d(long kernel_size, long? stride = null, long padding = 0)
                : this((kernel_size, kernel_size), (stride ?? kernel_size, stride ?? kernel_size), (padding, padding))
            {
            }
        }

        public sealed class AvgPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null, bool ceil_mode = false, bool count_include_pad = true)
            : Activation(x => functional.avg_pool2d(x, kernel_size, stride, padding, ceil_mode, count_include_pad), $"kernel_size={kernel_size}, stride={stride ?? kernel_size}")
        {
            public AvgPool2d(long kernel_size, long? stride = null, long padding = 0)
                : this((kernel_size, kernel_size), (stride ?? kernel_size, stride ?? kernel_size), (padding, padding))
            {
            }
        }

        public sealed class AdaptiveAvgPool2d((long, long) output_size)
            : Activation(x => functional.adaptive_avg_pool2d(x, output_size), $"output_size={output_size}")
        {
            public AdaptiveAvgPool2d(long output_size) : this((output_size, output_size))
            {
            }
        }
    }
}
