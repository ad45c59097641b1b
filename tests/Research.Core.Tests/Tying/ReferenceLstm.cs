namespace Research.Core.Tests.Tying;

/// <summary>
/// A plain multi-layer LSTM over double arrays, written from the equations and independent of TorchSharp: the oracle
/// for <see cref="Research.Core.Models.VariationalLstm"/>. Gate order i, f, g, o (PyTorch's); with Gal's variational
/// dropout the input is multiplied by its mask at every step, and layer l's mask multiplies h both where it enters the
/// recurrence and where it leaves the layer. Arrays are row-major: x [T, N, in], weights [4H, in] and [4H, H], masks [N, size].
/// </summary>
internal static class ReferenceLstm
{
    internal sealed record Layer(double[] Wih, double[] Whh, double[] Bih, double[] Bhh, int InputSize, int HiddenSize);

    internal sealed record Result(double[] Output, double[][] H, double[][] C);

    internal static Result Run(IReadOnlyList<Layer> layers, double[] x, int steps, int batch,
        double[][] h0, double[][] c0, double[]? inputMask, double[]?[] hiddenMasks)
    {
        var input = Masked(x, inputMask, steps, batch, layers[0].InputSize);
        var hs = new double[layers.Count][];
        var cs = new double[layers.Count][];
        for (var l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            var size = layer.HiddenSize;
            var h = (double[])h0[l].Clone();
            var c = (double[])c0[l].Clone();
            var output = new double[steps * batch * size];
            for (var t = 0; t < steps; t++)
            {
                var recurrent = Masked(h, hiddenMasks[l], 1, batch, size);
                for (var n = 0; n < batch; n++)
                {
                    var gates = new double[4 * size];
                    for (var r = 0; r < 4 * size; r++)
                    {
                        var sum = layer.Bih[r] + layer.Bhh[r];
                        for (var k = 0; k < layer.InputSize; k++) sum += layer.Wih[r * layer.InputSize + k] * input[(t * batch + n) * layer.InputSize + k];
                        for (var k = 0; k < size; k++) sum += layer.Whh[r * size + k] * recurrent[n * size + k];
                        gates[r] = sum;
                    }
                    for (var j = 0; j < size; j++)
                    {
                        var i = Sigmoid(gates[j]);
                        var f = Sigmoid(gates[size + j]);
                        var g = Math.Tanh(gates[2 * size + j]);
                        var o = Sigmoid(gates[3 * size + j]);
                        c[n * size + j] = f * c[n * size + j] + i * g;
                        h[n * size + j] = o * Math.Tanh(c[n * size + j]);
                    }
                }
                Array.Copy(h, 0, output, t * batch * size, batch * size);
            }
            hs[l] = h;
            cs[l] = c;
            input = Masked(output, hiddenMasks[l], steps, batch, size);
        }
        return new Result(input, hs, cs);
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    // values [steps, batch, size] times mask [batch, size] at every step (a copy; no mask: unchanged).
    private static double[] Masked(double[] values, double[]? mask, int steps, int batch, int size)
    {
        var result = (double[])values.Clone();
        if (mask is null) return result;
        for (var t = 0; t < steps; t++)
            for (var k = 0; k < batch * size; k++)
                result[t * batch * size + k] *= mask[k];
        return result;
    }
}
