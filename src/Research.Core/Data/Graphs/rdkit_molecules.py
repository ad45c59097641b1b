# Debian's /usr/bin/python3 with python3-rdkit: the molecules data set's only contact with RDKit (MoleculesRecipe).
#   prepare ROOT MAX_ATOMS: reads the SMILES and SDF files of rdkit-data under ROOT, prints one JSON object
#       {"molecules": [{"smiles", "source", "nodes", "edges"}], "statistics": {...}}
#   graphs: reads one SMILES a line on stdin, prints its graph {"nodes", "edges"} in the SMILES's own atom order
#       ({} if RDKit rejects it or it holds other elements);
#   draw PER_ROW: reads graphs as JSON lines {"nodes", "edges", "legend"} on stdin, prints one SVG grid of their
#       2-D depictions with the legends (an empty panel where RDKit rejects the graph);
#   smiles: reads graphs as JSON lines {"nodes", "edges"} on stdin, prints one canonical SMILES a line ("" if RDKit
#       rejects the graph).
# Graphs: atoms C, N, O, F -> 0..3 in the atom order of the canonical SMILES; kekulized bonds single, double,
# triple -> 0..2; hydrogens implicit.
import json, os, sys
from rdkit import Chem, RDLogger

RDLogger.DisableLog("rdApp.*")
ATOMS = ["C", "N", "O", "F"]
BONDS = [Chem.BondType.SINGLE, Chem.BondType.DOUBLE, Chem.BondType.TRIPLE]
SMILES_FILES = [
    "Data/NCI/first_5K.smi", "Data/Pains/test_data/wehi_mols.csv", "Contrib/FreeWilson/data/CHEMBL2321810.smi",
    "Contrib/fraggle/data/ChEMBL_11265_actives.smi", "Contrib/Fastcluster/cdk2.smi", "Contrib/SA_Score/data/zim.100.txt",
]
SDF_FILES = [
    "Projects/DbCLI/testData/pubchem.200.sdf", "Projects/DbCLI/testData/bzr.sdf", "Contrib/PBF/testData/egfr.sdf",
    "Data/NCI/first_200.props.sdf",
]


def read_smiles_file(path):
    for line in open(path, encoding="utf-8", errors="replace"):
        for token in line.replace(",", " ").replace('"', " ").split():
            mol = Chem.MolFromSmiles(token)
            if mol is not None and mol.GetNumAtoms() > 0:
                yield mol
                break


def read_sdf_file(path):
    for mol in Chem.SDMolSupplier(path):
        if mol is not None and mol.GetNumAtoms() > 0:
            yield mol


def largest_fragment(mol):
    return max(Chem.GetMolFrags(mol, asMols=True), key=lambda m: m.GetNumHeavyAtoms())


def to_graph(smiles):
    mol = Chem.MolFromSmiles(smiles)
    Chem.Kekulize(mol, clearAromaticFlags=True)
    nodes = [ATOMS.index(a.GetSymbol()) for a in mol.GetAtoms()]
    edges = sorted([min(b.GetBeginAtomIdx(), b.GetEndAtomIdx()), max(b.GetBeginAtomIdx(), b.GetEndAtomIdx()),
                    BONDS.index(b.GetBondType())] for b in mol.GetBonds())
    return nodes, edges


def to_mol(nodes, edges):
    mol = Chem.RWMol()
    for n in nodes:
        mol.AddAtom(Chem.Atom(ATOMS[n]))
    for i, j, label in edges:
        mol.AddBond(int(i), int(j), BONDS[label])
    m = mol.GetMol()
    Chem.SanitizeMol(m)
    return m


def draw(per_row):
    from rdkit.Chem import Draw
    mols, legends = [], []
    for line in sys.stdin:
        if line.strip():
            g = json.loads(line)
            try:
                mols.append(to_mol(g["nodes"], g["edges"]))
                legends.append(g["legend"])
            except Exception:
                mols.append(Chem.Mol())
                legends.append(g["legend"] + " (rejected by RDKit)")
    print(Draw.MolsToGridImage(mols, molsPerRow=per_row, subImgSize=(220, 180), legends=legends, useSVG=True))


def to_smiles(nodes, edges):
    try:
        mol = Chem.RWMol()
        for n in nodes:
            mol.AddAtom(Chem.Atom(ATOMS[n]))
        for i, j, label in edges:
            mol.AddBond(int(i), int(j), BONDS[label])
        m = mol.GetMol()
        Chem.SanitizeMol(m)
        return Chem.MolToSmiles(m, isomericSmiles=False)
    except Exception:
        return ""


def prepare(root, max_atoms):
    seen, molecules = {}, []
    stats = {"read": 0, "unique": 0, "kept_elements_and_charge": 0, "too_large": 0, "round_trip_failures": 0}
    sources = [(f, read_smiles_file) for f in SMILES_FILES] + [(f, read_sdf_file) for f in SDF_FILES]
    for rel, reader in sources:
        for mol in reader(os.path.join(root, rel)):
            stats["read"] += 1
            mol = largest_fragment(mol)
            smiles = Chem.MolToSmiles(mol, isomericSmiles=False)
            if smiles in seen:
                continue
            seen[smiles] = rel
            if any(a.GetSymbol() not in ATOMS or a.GetFormalCharge() != 0 or a.GetNumRadicalElectrons() != 0 for a in mol.GetAtoms()):
                continue
            stats["kept_elements_and_charge"] += 1
            if mol.GetNumHeavyAtoms() > max_atoms:
                stats["too_large"] += 1
                continue
            nodes, edges = to_graph(smiles)
            if to_smiles(nodes, edges) != smiles:
                stats["round_trip_failures"] += 1
                continue
            molecules.append({"smiles": smiles, "source": rel, "nodes": nodes, "edges": edges})
    stats["unique"] = len(seen)
    stats["molecules"] = len(molecules)
    molecules.sort(key=lambda m: m["smiles"])
    json.dump({"molecules": molecules, "statistics": stats}, sys.stdout)


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "smiles":
        for line in sys.stdin:
            if line.strip():
                g = json.loads(line)
                print(to_smiles(g["nodes"], g["edges"]))
    elif sys.argv[1] == "draw":
        draw(int(sys.argv[2]))
    elif sys.argv[1] == "graphs":
        for line in sys.stdin:
            if line.strip():
                mol = Chem.MolFromSmiles(line.strip())
                ok = mol is not None and all(a.GetSymbol() in ATOMS for a in mol.GetAtoms())
                nodes, edges = to_graph(line.strip()) if ok else (None, None)
                print(json.dumps({"nodes": nodes, "edges": edges} if ok else {}))
    else:
        sys.exit("usage: rdkit_molecules.py prepare ROOT MAX_ATOMS | smiles")
