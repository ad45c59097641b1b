using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Research.Core.Data.Graphs;

/// <summary>One text → graph example: the input text (a SMILES string, a synthetic description) and the output graph.</summary>
public sealed record GraphExample(string Input, LabeledGraph Graph);

/// <summary>
/// Examples as JSON lines, one object a line: <c>{"input": "CCO", "nodes": [0, 0, 2], "edges": [[0, 1, 0], [1, 2, 0]]}</c>
/// (edges as [i, j, label] with i &lt; j). Reading is strict: a missing or mistyped field names the file and line.
/// </summary>
public static class GraphJsonLines
{
    public static string ToLine(GraphExample example)
    {
        var edges = new JsonArray();
        foreach (var e in example.Graph.Edges) edges.Add(new JsonArray(e.I, e.J, e.Label));
        var nodes = new JsonArray();
        foreach (var l in example.Graph.NodeLabels) nodes.Add(l);
        return new JsonObject { ["input"] = example.Input, ["nodes"] = nodes, ["edges"] = edges }.ToJsonString();
    }

    public static GraphExample FromLine(string line, string where = "line")
    {
        JsonObject o;
        try
        {
            o = JsonNode.Parse(line) as JsonObject ?? throw new FormatException($"{where}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{where}: not valid JSON ({e.Message})", e);
        }
        foreach (var key in o.Select(p => p.Key))
            if (key is not ("input" or "nodes" or "edges"))
                throw new FormatException($"{where}: unknown field '{key}': expected input, nodes, edges");
        var input = o["input"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"{where}: field 'input' must be a string");
        var nodes = IntArray(o["nodes"], where, "nodes");
        var edges = (o["edges"] as JsonArray ?? throw new FormatException($"{where}: field 'edges' must be an array of [i, j, label]"))
            .Select((e, k) => IntArray(e, where, $"edges[{k}]") is { Length: 3 } t
                ? new GraphEdge(t[0], t[1], t[2])
                : throw new FormatException($"{where}: edges[{k}] must be [i, j, label]"))
            .ToList();
        try
        {
            return new GraphExample(input, new LabeledGraph(nodes, edges));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{where}: {e.Message}", e);
        }
    }

    public static void Write(string path, IEnumerable<GraphExample> examples) =>
        File.WriteAllLines(path, examples.Select(ToLine), new UTF8Encoding(false));

    public static List<GraphExample> Read(string path) =>
        File.ReadLines(path).Select((line, i) => (line, i)).Where(t => t.line.Length > 0)
            .Select(t => FromLine(t.line, $"{path}:{t.i + 1}")).ToList();

    private static int[] IntArray(JsonNode? node, string where, string field) =>
        node is JsonArray a
            ? a.Select(x => x is JsonValue xv && xv.TryGetValue<int>(out var i) ? i : throw new FormatException($"{where}: {field} must hold integers")).ToArray()
            : throw new FormatException($"{where}: field '{field}' must be an array of integers");
}
