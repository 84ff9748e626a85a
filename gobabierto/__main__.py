from gobabierto.commands.cli import main

main(prog_name="gobabierto")
