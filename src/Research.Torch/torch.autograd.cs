using Research.Torch.Native;

namespace Research.Torch;

public static partial class torch
{
    public static unsafe partial class autograd
    {
        /// <summary>
        /// torch.autograd.grad: the gradients of outputs with respect to inputs, without touching .grad.
        /// With create_graph the results are differentiable (for higher-order checks). Unused inputs give
        /// null when allow_unused is set.
        /// </summary>
        public static Tensor?[] grad(Tensor[] outputs, Tensor[] inputs, Tensor?[]? grad_outputs = null,
            bool? retain_graph = null, bool create_graph = false, bool allow_unused = false)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            ArgumentNullException.ThrowIfNull(inputs);
            if (grad_outputs is not null && grad_outputs.Length != outputs.Length)
                throw new ArgumentException($"autograd.grad: grad_outputs has {grad_outputs.Length} entries but outputs has {outputs.Length}");
            var outs = outputs.Select(t => t.Handle).ToArray();
            var ins = inputs.Select(t => t.Handle).ToArray();
            var gouts = grad_outputs?.Select(Tensor.HandleOrZero).ToArray();
            var result = new IntPtr[inputs.Length];
            var retain = retain_graph.HasValue ? (retain_graph.Value ? 1 : 0) : (create_graph ? 1 : -1);
            fixed (IntPtr* o = outs)
            fixed (IntPtr* i = ins)
            fixed (IntPtr* g = gouts)
            fixed (IntPtr* r = result)
                LibTorch.Check(LibTorch.rt_autograd_grad(o, outs.Length, i, ins.Length, g, retain, create_graph ? 1 : 0, allow_unused ? 1 : 0, r), "autograd.grad");
            GC.KeepAlive(outputs);
            GC.KeepAlive(inputs);
            GC.KeepAlive(grad_outputs);
            return result.Select(h => h == IntPtr.Zero ? null : new Tensor(h)).ToArray();
        }

        public static Tensor grad(Tensor output, Tensor input, bool create_graph = false) =>
            grad([output], [input], create_graph: create_graph)[0]
            ?? throw new InvalidOperationException("autograd.grad: the output does not depend on the input");
    }
}
