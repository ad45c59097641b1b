namespace Research.Fsx

open System
open System.Globalization
open Microsoft.FSharp.Reflection

/// One cell of a results table.
type TableCell =
    | Text of string
    | Number of float
    | Whole of int64
    /// Mean ± std over seeds.
    | Summary of Stat
    | Empty

module TableCell =
    /// The cell for a field value of a record: numbers stay numbers, Some x shows x, None is empty.
    let rec ofObj (value: objnull) =
        match value with
        | null -> Empty
        | :? string as s -> Text s
        | :? float as x -> Number x
        | :? float32 as x -> Number(float x)
        | :? decimal as x -> Number(float x)
        | :? int as n -> Whole(int64 n)
        | :? int64 as n -> Whole n
        | :? Stat as s -> Summary s
        | :? DateTime as t -> Text(t.ToString("yyyy-MM-ddTHH:mm:ss.fffK", CultureInfo.InvariantCulture))
        | v when v.GetType().IsGenericType && v.GetType().GetGenericTypeDefinition() = typedefof<option<_>> ->
            let _, fields = FSharpValue.GetUnionFields(v, v.GetType())
            ofObj fields[0]
        | v -> Text(string v)

    let number (digits: int) (x: float) =
        if Double.IsNaN x then "NaN" else x.ToString("F" + string digits, CultureInfo.InvariantCulture)

    /// How a cell reads in HTML and Markdown: "0.912 ± 0.004" for a summary.
    let format (digits: int) (cell: TableCell) =
        match cell with
        | Text s -> s
        | Number x -> number digits x
        | Whole n -> n.ToString(CultureInfo.InvariantCulture)
        | Summary s when s.Count = 1 -> number digits s.Mean
        | Summary s -> $"{number digits s.Mean} ± {number digits s.Std}"
        | Empty -> ""

    let isNumeric (cell: TableCell) =
        match cell with
        | Number _ | Whole _ | Summary _ -> true
        | Text _ | Empty -> false

module internal TableShape =
    /// The field names and readers of a record type, or the readable properties of any other type.
    let columnsOf (t: Type) : (string * (objnull -> objnull)) list =
        if FSharpType.IsRecord(t, true) then
            [ for f in FSharpType.GetRecordFields(t, true) -> f.Name, (fun (o: objnull) -> f.GetValue o) ]
        else
            [ for p in t.GetProperties() do
                  if p.CanRead && p.GetIndexParameters().Length = 0 then p.Name, (fun (o: objnull) -> p.GetValue o) ]
