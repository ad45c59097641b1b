/// Rows of records read as named columns for the chart helpers: field names are the records' field (or public
/// property) names, and summaries over seeds are the mean ± sample std of the finite values.
module Research.Fsx.ChartRows

open System
open System.Reflection

/// The rows of one chart: their field names, and each field's values in row order.
type Columns =
    { Fields: string list
      /// The records themselves, in the order of Rows.
      Items: obj list
      Rows: obj[] list }

    member this.Count = this.Rows.Length

    member this.Values(field: string) =
        let i = this.Fields |> List.findIndex ((=) field)
        this.Rows |> List.map (fun row -> row[i])

let private propertiesOf (t: Type) =
    t.GetProperties(BindingFlags.Public ||| BindingFlags.Instance) |> Array.filter (fun p -> p.GetIndexParameters().Length = 0)

/// Reads the rows and checks that each (role, field) is there: `chart` and the role name the failing argument.
let read (chart: string) (required: (string * string) list) (rows: seq<'T>) : Columns =
    let items = rows |> Seq.map box |> List.ofSeq
    if items.IsEmpty then invalidArg "rows" $"{chart}: there are no rows to plot"
    let properties = propertiesOf (items.Head.GetType())
    let fields = properties |> Array.map (fun p -> p.Name) |> List.ofArray
    for role, field in required do
        if not (List.contains field fields) then
            let names = String.Join(", ", fields)
            invalidArg field $"{chart}: {role} field '{field}' is not in the data; its fields are {names}"
    { Fields = fields
      Items = items
      Rows = items |> List.map (fun item -> properties |> Array.map (fun p -> p.GetValue item)) }

let private isNumeric (value: obj) =
    match value with
    | null -> false
    | v ->
        match Type.GetTypeCode(v.GetType()) with
        | TypeCode.Byte | TypeCode.SByte | TypeCode.Int16 | TypeCode.UInt16 | TypeCode.Int32 | TypeCode.UInt32
        | TypeCode.Int64 | TypeCode.UInt64 | TypeCode.Single | TypeCode.Double | TypeCode.Decimal -> not (v :? Enum)
        | _ -> false

/// A value as a number: NaN for what is not one (a missing or non-numeric value is left out like a NaN).
let number (value: obj) =
    if isNumeric value then Convert.ToDouble(value, Globalization.CultureInfo.InvariantCulture) else nan

/// A value as plotly.js reads it on an axis: numbers as numbers, anything else (a category) as its text.
let axisValue (value: obj) : IConvertible =
    match value with
    | null -> "" :> IConvertible
    | :? string as s -> s :> IConvertible
    | v when isNumeric v -> number v :> IConvertible
    | v -> string v :> IConvertible

/// A group or category label.
let label (value: obj) = match value with null -> "" | v -> string v

/// The distinct values of a field in order of first appearance (categories keep the rows' order).
let distinctIn (values: obj list) = values |> List.distinctBy label

/// The distinct values of a field in ascending order (numbers by value, anything else by its text), as the
/// categories of a heatmap's axis.
let sortedDistinct (values: obj list) =
    let distinct = distinctIn values
    if distinct |> List.forall isNumeric then distinct |> List.sortBy number
    else distinct |> List.sortWith (fun a b -> String.CompareOrdinal(label a, label b))

/// Points (x, y) whose y is finite and whose x is a finite number or a category: a diverged seed's NaN is left out.
let finitePoints (xs: obj list) (ys: obj list) =
    let usableX (x: obj) = if isNumeric x then Double.IsFinite(number x) else not (isNull x)
    List.zip xs ys |> List.filter (fun (x, y) -> Double.IsFinite(number y) && usableX x)

/// Mean ± sample std of y over the rows that share x, in order of first appearance of x; x values whose y has no
/// finite value are left out.
type Summary =
    { X: obj
      Mean: float
      Std: float
      /// How many finite values went into the mean (seeds that did not diverge).
      Count: int }

let summarize (xs: obj list) (ys: obj list) : Summary list =
    List.zip xs ys
    |> List.groupBy (fst >> label)
    |> List.choose (fun (_, members) ->
        let finite = members |> List.map (snd >> number) |> List.filter Double.IsFinite
        if finite.IsEmpty then None
        else
            let stat = Stats.ofSeq finite
            Some { X = fst members.Head; Mean = stat.Mean; Std = stat.Std; Count = stat.Count })

/// The rows split by the value of a field, in order of first appearance.
let splitBy (field: string) (columns: Columns) : (string * Columns) list =
    let i = columns.Fields |> List.findIndex ((=) field)
    List.zip columns.Items columns.Rows
    |> List.groupBy (fun (_, row) -> label row[i])
    |> List.map (fun (key, members) -> key, { columns with Items = List.map fst members; Rows = List.map snd members })
