/* The Python interpreter linked to the shared libpython, as an embedding host such as KerasBridge runs it
   (Debian's /usr/bin/python3 has libpython linked in statically, which runs Python code a little faster).
   benchmarks/run.sh builds it to run bench_engine.py a second time: the difference between the two
   Python rows is the interpreter build, not the bridge. */
extern int Py_BytesMain(int argc, char **argv);

int main(int argc, char **argv)
{
    return Py_BytesMain(argc, argv);
}
