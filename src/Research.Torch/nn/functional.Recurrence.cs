using Research.Torch.Native;

namespace Research.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static unsafe partial class functional
        {
            /// <summary>
            /// One LSTM layer's time loop with a fixed mask on the recurrent state (variational dropout).
            /// gates_x [T, N, 4H] = x W_ihᵀ + b_ih + b_hh for all steps (one GEMM done by the caller);
            /// per step: gates = gates_x[t] + (h * mask) W_hhᵀ, gate order (i, f, g, o) as in PyTorch.
            /// Returns the unmasked outputs [T, N, H] and the final (h, c).
            /// </summary>
            public static (Tensor Output, Tensor H, Tensor C) lstm_recurrence(Tensor gates_x, Tensor h0, Tensor c0, Tensor w_hh, Tensor? mask = null)
            {
                IntPtr h, c;
                var r = LibTorch.rt_lstm_recurrence(gates_x.Handle, h0.Handle, c0.Handle, w_hh.Handle, Tensor.HandleOrZero(mask), &h, &c);
                GC.KeepAlive(gates_x);
                GC.KeepAlive(h0);
                GC.KeepAlive(c0);
                GC.KeepAlive(w_hh);
                GC.KeepAlive(mask);
                var output = Tensor.Wrap(r, "lstm_recurrence");
                return (output, new Tensor(h), new Tensor(c));
            }
        }
    }
}
