using System.Runtime.InteropServices;

namespace Research.Torch.Native;

// Imports from native/src/nn.cpp.
internal static unsafe partial class LibTorch
{
    [LibraryImport(Lib)] internal static partial IntPtr rt_linear(IntPtr input, IntPtr weight, IntPtr bias);
    [LibraryImport(Lib)] internal static partial IntPtr rt_conv2d(IntPtr input, IntPtr weight, IntPtr bias, long* stride, long* padding, long* dilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr rt_batch_norm(IntPtr input, IntPtr weight, IntPtr bias, IntPtr runningMean, IntPtr runningVar, int training, double momentum, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr rt_layer_norm(IntPtr input, long* normalizedShape, int ndim, IntPtr weight, IntPtr bias, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr rt_dropout(IntPtr input, double p, int train);
    [LibraryImport(Lib)] internal static partial IntPtr rt_max_pool2d(IntPtr input, long* kernel, long* stride, long* padding, long* dilation, int ceilMode);
    [LibraryImport(Lib)] internal static partial IntPtr rt_avg_pool2d(IntPtr input, long* kernel, long* stride, long* padding, int ceilMode, int countIncludePad);
    [LibraryImport(Lib)] internal static partial IntPtr rt_adaptive_avg_pool2d(IntPtr input, long* outputSize);
    [LibraryImport(Lib)] internal static partial IntPtr rt_embedding(IntPtr weight, IntPtr indices, long paddingIdx);
    [LibraryImport(Lib)] internal static partial IntPtr rt_rnn(int mode, IntPtr input, IntPtr h0, IntPtr c0, IntPtr* parameters, int nParams,
        int hasBiases, long numLayers, double dropout, int train, int bidirectional, int batchFirst, IntPtr* hOut, IntPtr* cOut);
    [LibraryImport(Lib)] internal static partial IntPtr rt_cross_entropy(IntPtr input, IntPtr target, IntPtr weight, int reduction, long ignoreIndex, double labelSmoothing);
    [LibraryImport(Lib)] internal static partial IntPtr rt_nll_loss(IntPtr input, IntPtr target, IntPtr weight, int reduction, long ignoreIndex);
    [LibraryImport(Lib)] internal static partial IntPtr rt_kl_div(IntPtr input, IntPtr target, int reduction, int logTarget);
    [LibraryImport(Lib)] internal static partial IntPtr rt_mse_loss(IntPtr input, IntPtr target, int reduction);
    [LibraryImport(Lib)] internal static partial IntPtr rt_l1_loss(IntPtr input, IntPtr target, int reduction);
    [LibraryImport(Lib)] internal static partial IntPtr rt_bce_with_logits(IntPtr input, IntPtr target, IntPtr weight, IntPtr posWeight, int reduction);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr rt_pad(IntPtr input, long* pad, int n, string mode, double value);
    [LibraryImport(Lib)] internal static partial IntPtr rt_cosine_similarity(IntPtr a, IntPtr b, long dim, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr rt_lstm_recurrence(IntPtr gatesX, IntPtr h0, IntPtr c0, IntPtr wHh, IntPtr mask, IntPtr* hOut, IntPtr* cOut);
    [LibraryImport(Lib)] internal static partial int rt_random_(IntPtr t, int kind, double a, double b);
    [LibraryImport(Lib)] internal static partial int rt_tensor_set_data(IntPtr t, IntPtr data);
}
