/// A table's columns and rows as HTML (notebooks), Markdown (README) and CSV (files).
module Research.Fsx.TableRender

open System.Globalization
open System.IO
open System.Net
open CsvHelper

let private numericColumn (rows: TableCell list list) (i: int) =
    rows |> List.exists (fun r -> TableCell.isNumeric r[i]) && rows |> List.forall (fun r -> TableCell.isNumeric r[i] || r[i] = Empty)

let html (columns: string list) (rows: TableCell list list) (digits: int) =
    let align i = if numericColumn rows i then "right" else "left"
    let escape (s: string) = WebUtility.HtmlEncode s
    let header = columns |> List.mapi (fun i c -> $"<th style=\"text-align:{align i}\">{escape c}</th>") |> String.concat ""
    let body =
        rows
        |> List.map (fun row ->
            let cells = row |> List.mapi (fun i cell -> $"<td style=\"text-align:{align i}\">{escape (TableCell.format digits cell)}</td>") |> String.concat ""
            $"<tr>{cells}</tr>")
        |> String.concat "\n"
    $"<table class=\"research-table\">\n<thead><tr>{header}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"

let markdown (columns: string list) (rows: TableCell list list) (digits: int) =
    let escape (s: string) = s.Replace("|", "\\|").Replace("\n", " ")
    let line (cells: string list) = "| " + String.concat " | " (cells |> List.map escape) + " |"
    let rule = columns |> List.mapi (fun i _ -> if numericColumn rows i then "---:" else "---") |> fun r -> "|" + String.concat "|" r + "|"
    [ line columns; rule ] @ (rows |> List.map (List.map (TableCell.format digits) >> line)) |> String.concat "\n"

/// CSV with full precision; a column of summaries becomes two, "<name> mean" and "<name> std".
let csv (columns: string list) (rows: TableCell list list) =
    let summaryColumn i = rows |> List.exists (fun r -> match r[i] with Summary _ -> true | _ -> false)
    let raw (x: float) = x.ToString("R", CultureInfo.InvariantCulture)
    use writer = new StringWriter(CultureInfo.InvariantCulture)
    use csv = new CsvWriter(writer, CultureInfo.InvariantCulture)
    columns |> List.iteri (fun i c ->
        if summaryColumn i then
            csv.WriteField(c + " mean")
            csv.WriteField(c + " std")
        else csv.WriteField c)
    csv.NextRecord()
    for row in rows do
        row |> List.iteri (fun i cell ->
            match cell with
            | Summary s -> csv.WriteField(raw s.Mean); csv.WriteField(raw s.Std)
            | Empty when summaryColumn i -> csv.WriteField ""; csv.WriteField ""
            | Number x -> csv.WriteField(raw x)
            | other -> csv.WriteField(TableCell.format 0 other))
        csv.NextRecord()
    csv.Flush()
    writer.ToString()
