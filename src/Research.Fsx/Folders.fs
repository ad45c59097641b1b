/// Folders of files, without the nulls of System.IO.Path.
module Research.Fsx.Folders

open System.IO

/// The folder holding a file (its full path).
let ofFile (path: string) =
    match Path.GetDirectoryName(Path.GetFullPath path) with
    | null -> invalidArg (nameof path) $"{path} is a root folder, not a file"
    | folder -> folder

/// Creates the folder a file is to be written in.
let createFor (path: string) = Directory.CreateDirectory(ofFile path) |> ignore

/// A file's name without its folder and extension.
let stem (path: string) = string (Path.GetFileNameWithoutExtension path)

/// The path with another extension (".html").
let withExtension (extension: string) (path: string) = string (Path.ChangeExtension(path, extension))
