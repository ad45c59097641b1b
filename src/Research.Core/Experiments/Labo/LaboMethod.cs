using System.Globalization;
using Research.Core.Losses;

namespace Research.Core.Experiments.Labo;

/// <summary>
/// One condition of the LABO-R experiment: the method and its hyper-parameters. Uniform smoothing is fairseq's
/// ε/(K − 1) on non-gold classes ("ls"), the kit's default; "ls-pytorch" is ε/K on all classes.
/// </summary>
public sealed record LaboMethod(string Name, double Alpha = 0, double Temperature = double.NaN, double EntropyRatio = double.NaN)
{
    public static readonly string[] Names = ["ce", "ls", "ls-pytorch", "tf-kd-reg", "labo-r", "labo-r-budget"];

    public static LaboMethod Ce { get; } = new("ce");
    public static LaboMethod Ls(double alpha) => new("ls", alpha);
    public static LaboMethod TfKdReg(double alpha) => new("tf-kd-reg", alpha);
    public static LaboMethod LaboR(double alpha, double temperature) => new("labo-r", alpha, temperature);
    public static LaboMethod LaboRBudget(double alpha, double entropyRatio) => new("labo-r-budget", alpha, EntropyRatio: entropyRatio);

    /// <summary>A config's method fields that do not fit together (for a config record's Problems): each with the
    /// field and what is allowed.</summary>
    public static IEnumerable<(string Field, string Problem)> ConfigProblems(string method, double alpha, double? temperature, double? entropyRatio)
    {
        if (method != "labo-r" && temperature is not null) yield return ("temperature", $"is set but method is {method}; allowed: only with method labo-r");
        if (method != "labo-r-budget" && entropyRatio is not null) yield return ("entropyRatio", $"is set but method is {method}; allowed: only with method labo-r-budget");
        if (method == "ce" && alpha != 0) yield return ("alpha", $"is {alpha} but method is ce; allowed: 0 with ce, or another method");
        if (method != "ce" && alpha == 0) yield return ("alpha", $"is 0 but method is {method}; allowed: a number in (0, 1]");
        if (method == "labo-r" && temperature is null) yield return ("temperature", "is missing; allowed: required with method labo-r (a number > 0)");
        if (method == "labo-r-budget" && entropyRatio is null) yield return ("entropyRatio", "is missing; allowed: required with method labo-r-budget (a number in (0, 1))");
    }

    /// <summary>Checks the name and the hyper-parameters it needs; the message names the field and what is allowed.</summary>
    public LaboMethod Validated()
    {
        if (!Names.Contains(Name)) throw new ArgumentException($"method '{Name}': expected one of {string.Join(", ", Names)}");
        if (Name != "ce" && !(Alpha is > 0 and <= 1)) throw new ArgumentException($"method {Name}: alpha must be in (0, 1], got {Alpha}");
        if (Name == "labo-r" && !(Temperature > 0 && double.IsFinite(Temperature))) throw new ArgumentException($"method labo-r: temperature must be finite and > 0, got {Temperature}");
        if (Name == "labo-r-budget" && !(EntropyRatio is > 0 and < 1)) throw new ArgumentException($"method labo-r-budget: entropyRatio must be in (0, 1), got {EntropyRatio}");
        return this;
    }

    /// <summary>
    /// The loss options (CE is α = 0, whatever q). specialIds (pad, unk, bos, eos in translation) get no LABO-R mass
    /// (labo.md §1.3); uniform smoothing keeps fairseq's ε/(K − 1) over every non-gold class.
    /// </summary>
    public LabelRegularizationOptions Options(IReadOnlyList<long>? specialIds = null) => Validated().Name switch
    {
        "ce" => new LabelRegularizationOptions(0, new UniformSmoothing()),
        "ls" => new LabelRegularizationOptions(Alpha, new UniformSmoothing(UniformConvention.Fairseq)),
        "ls-pytorch" => new LabelRegularizationOptions(Alpha, new UniformSmoothing(UniformConvention.PyTorch)),
        "tf-kd-reg" => new LabelRegularizationOptions(Alpha, new TeacherFreeSmoothing()),
        "labo-r" => new LabelRegularizationOptions(Alpha, LaboRSmoothing.Penalty(Temperature, specialIds)),
        _ => new LabelRegularizationOptions(Alpha, LaboRSmoothing.Budget(EntropyRatio, specialIds)),
    };

    /// <summary>How tables show it: "CE", "LS α=0.1 (ε/(K−1))", "LABO-R α=0.1 T=10", "LABO-R α=0.1 r=0.8".</summary>
    public string Label => Name switch
    {
        "ce" => "CE",
        "ls" => $"LS α={F(Alpha)} (ε/(K−1))",
        "ls-pytorch" => $"LS α={F(Alpha)} (ε/K)",
        "tf-kd-reg" => $"TF-KD_reg α={F(Alpha)}",
        "labo-r" => $"LABO-R α={F(Alpha)} T={F(Temperature)}",
        _ => $"LABO-R α={F(Alpha)} r={F(EntropyRatio)}",
    };

    /// <summary>A file-name-safe key: "ce", "ls-a0.1", "labo-r-a0.1-T10", "labo-r-budget-a0.1-r0.8".</summary>
    public string Key => Name switch
    {
        "ce" => "ce",
        "labo-r" => $"labo-r-a{F(Alpha)}-T{F(Temperature)}",
        "labo-r-budget" => $"labo-r-budget-a{F(Alpha)}-r{F(EntropyRatio)}",
        _ => $"{Name}-a{F(Alpha)}",
    };

    private static string F(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}
