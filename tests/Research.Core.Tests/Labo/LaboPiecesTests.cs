using Research.Core.Experiments.Configs;
using Research.Core.Experiments.Labo;
using Research.Core.Metrics;
using Research.Core.Models;
using Research.Core.Tests.Data;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary>The pieces of the LABO-R image experiment: ECE, the OneCycle schedule, the CNN and the config checks.</summary>
public sealed class LaboPiecesTests
{
    [Fact]
    public void Ece_weights_each_bins_gap_between_accuracy_and_confidence_by_its_share()
    {
        using var scope = NewDisposeScope();
        // Top-1 confidences 0.9 (right), 0.9 (wrong), 0.62 (right), 0.58 (wrong): bins 13, 13, 9 and 8 of 15.
        var probabilities = tensor(new[] { 0.9, 0.1, 0.1, 0.9, 0.62, 0.38, 0.42, 0.58 }, [4, 2], float64);
        var calibration = CalibrationError.Compute(probabilities.log(), tensor(new long[] { 0, 0, 0, 0 }));
        Assert.Equal(0.5 * 0.4 + 0.25 * 0.38 + 0.25 * 0.58, calibration.ExpectedCalibrationError, 12);
        Assert.Equal(15, calibration.Bins.Count);
        Assert.Equal(2, calibration.Bins[13].Count);
        Assert.Equal(0.5, calibration.Bins[13].Accuracy);
        Assert.Equal(1, calibration.Bins[9].Count);
        Assert.Equal(1, calibration.Bins[8].Count);
        Assert.Equal(4, calibration.Bins.Sum(b => b.Count));
        Assert.True(double.IsNaN(calibration.Bins[0].Confidence));
    }

    [Fact]
    public void One_cycle_rises_to_the_peak_then_anneals_to_the_floor_and_resumes_exactly()
    {
        using var model = nn.Linear(2, 2);
        using var sgd = optim.SGD(model.parameters(), 1.0);
        var schedule = new OneCycleSchedule(sgd, 0.1, totalSteps: 100);
        Assert.Equal(0.1 / 25, LearningRates.Of(sgd), 15);
        Assert.Equal(0.1, schedule.RateAt(29), 15);                        // pct_start · total − 1
        Assert.Equal(0.1 / 25 / 1e4, schedule.RateAt(99), 15);
        var rates = Enumerable.Range(0, 100).Select(s => schedule.RateAt(s)).ToArray();
        Assert.True(rates[..30].Zip(rates[1..30]).All(p => p.Second > p.First));
        Assert.True(rates[29..].Zip(rates[30..]).All(p => p.Second < p.First));
        schedule.StepEnded(40);
        using var sgd2 = optim.SGD(model.parameters(), 1.0);
        var resumed = new OneCycleSchedule(sgd2, 0.1, totalSteps: 100);
        resumed.LoadState(schedule.SaveState());
        Assert.Equal(LearningRates.Of(sgd), LearningRates.Of(sgd2));
        Assert.Equal(rates[40], LearningRates.Of(sgd2));
    }

    [Fact]
    public void The_small_cnn_has_the_notes_parameter_count_and_takes_cifar_shapes()
    {
        using var scope = NewDisposeScope();
        using var fashion = new SmallCnn(1, 28, 10, width: 16);
        long Conv(long input, long output) => input * output * 9 + output;
        var expected = Conv(1, 16) + 2 * 16 + Conv(16, 32) + 2 * 32 + (32 * 7 * 7 * 128 + 128) + (128 * 10 + 10);
        Assert.Equal(expected, fashion.parameters().Sum(p => p.numel()));
        Assert.InRange(expected, 206_000, 208_000);                        // "≈207k parameters", labo.md §4.2
        Assert.Equal([5L, 10], fashion.call(randn(5, 1, 28, 28)).shape);
        using var cifar = new SmallCnn(3, 32, 100, width: 4);
        Assert.Equal([2L, 100], cifar.call(randn(2, 3, 32, 32)).shape);
    }

    [Theory]
    [InlineData("{ \"method\": \"labo-r\", \"alpha\": 0.3, \"temperature\": 10, \"noise\": 0.4 }", null)]
    [InlineData("{ \"method\": \"labo-r-budget\", \"alpha\": 0.1, \"entropyRatio\": 0.8 }", null)]
    [InlineData("{ \"method\": \"ls\", \"alpha\": 0.1, \"colour\": 1 }", "unknown field 'colour'")]
    [InlineData("{ \"method\": \"laboratory\", \"alpha\": 0.1 }", "field 'method' is 'laboratory'; allowed: ce, ls, ls-pytorch, tf-kd-reg, labo-r, labo-r-budget")]
    [InlineData("{ \"method\": \"ce\", \"alpha\": 0.1 }", "field 'alpha' is 0.1 but method is ce")]
    [InlineData("{ \"method\": \"ls\", \"alpha\": 0.1, \"temperature\": 2 }", "field 'temperature' is set but method is ls")]
    [InlineData("{ \"method\": \"labo-r\", \"alpha\": 0.1 }", "field 'temperature' is missing; allowed: required with method labo-r")]
    [InlineData("{ \"method\": \"ls\", \"alpha\": 0 }", "field 'alpha' is 0 but method is ls; allowed: a number in (0, 1]")]
    [InlineData("{ \"noise\": 1.0 }", "field 'noise' is 1; allowed: a number in [0, 1)")]
    [InlineData("{ \"dataSet\": \"cifar10\" }", "field 'dataFolder' is missing; allowed: required for dataSet cifar10")]
    [InlineData("{ \"dataSet\": \"mnist\" }", "field 'dataSet' is 'mnist'; allowed: fashion-mnist, cifar10, cifar100")]
    [InlineData("{ \"scale\": \"huge\" }", "field 'scale' is 'huge'; allowed: toy, quick, full")]
    [InlineData("{ \"seed\": \"one\" }", "field 'seed' is \"one\"; allowed: an integer")]
    [InlineData("{ \"method\": null }", "field 'method' must not be null")]
    public void Configs_are_checked_naming_the_file_and_field(string json, string? error)
    {
        using var folder = new TempFolder();
        var path = folder.File("labo.json");
        File.WriteAllText(path, json);
        if (error is null)
        {
            var spec = TrainLaboConfig.Read(path).Spec();
            Assert.Equal(LaboScale.Quick.Epochs, spec.Epochs);
            return;
        }
        var e = Assert.Throws<ConfigException>(() => TrainLaboConfig.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(error, e.Message);
    }
}
