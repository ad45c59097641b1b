namespace Research.Fsx

open System
open System.IO

/// A results table: named columns and rows of cells; numbers show with Digits decimals. In a notebook it
/// displays as HTML.
type Table =
    { Columns: string list
      Rows: TableCell list list
      Digits: int }

    interface IDisplayable with
        member t.Bundle =
            [ "text/html", TableRender.html t.Columns t.Rows t.Digits
              "text/markdown", TableRender.markdown t.Columns t.Rows t.Digits
              "text/plain", TableRender.markdown t.Columns t.Rows t.Digits ]

module Table =
    let private check (table: Table) =
        let width = table.Columns.Length
        table.Rows |> List.iteri (fun i row ->
            if row.Length <> width then
                let names = String.Join(", ", table.Columns)
                invalidArg "rows" $"row {i + 1} has {row.Length} cells but the table has {width} columns ({names})")
        table

    /// A table from columns and rows of cells.
    let create (columns: string list) (rows: TableCell list list) = check { Columns = columns; Rows = rows; Digits = 3 }

    /// One row per record, one column per field.
    let ofRecords (records: seq<'T>) =
        let columns = TableShape.columnsOf typeof<'T>
        create (List.map fst columns) [ for r in records -> [ for _, read in columns -> TableCell.ofObj (read (box r)) ] ]

    /// Groups records by the key columns (in order of first appearance) and shows each measure as
    /// mean ± std over the group, with the group's size in a last column "n" (the number of seeds).
    let summarize (keys: (string * ('T -> objnull)) list) (measures: (string * ('T -> float)) list) (records: seq<'T>) =
        if measures.IsEmpty then invalidArg (nameof measures) "summarize needs at least one measure, got none"
        let rows =
            records
            |> Seq.groupBy (fun r -> keys |> List.map (fun (_, key) -> TableCell.ofObj (key r)))
            |> Seq.map (fun (keyCells, group) ->
                let group = List.ofSeq group
                keyCells @ [ for _, measure in measures -> Summary(Stats.ofSeq (List.map measure group)) ] @ [ Whole(int64 group.Length) ])
            |> List.ofSeq
        create ((keys |> List.map fst) @ (measures |> List.map fst) @ [ "n" ]) rows

    /// summarize with one key column, e.g. `Table.summarizeBy "objective" (fun r -> r.Objective) measures`.
    let summarizeBy (keyName: string) (key: 'T -> 'K) (measures: (string * ('T -> float)) list) (records: seq<'T>) =
        summarize [ keyName, key >> box ] measures records

    /// Shows numbers with this many decimals.
    let withDigits (digits: int) (table: Table) =
        if digits < 0 || digits > 15 then invalidArg (nameof digits) $"digits must be in [0, 15], got {digits}"
        { table with Digits = digits }

    let toHtml (table: Table) = TableRender.html table.Columns table.Rows table.Digits

    let toMarkdown (table: Table) = TableRender.markdown table.Columns table.Rows table.Digits

    let toCsv (table: Table) = TableRender.csv table.Columns table.Rows

    let saveCsv (path: string) (table: Table) =
        Folders.createFor path
        File.WriteAllText(path, toCsv table)

    /// Shows the table in the notebook (HTML) or, in a script, as Markdown.
    let display (table: Table) = Display.show (table :> IDisplayable).Bundle
