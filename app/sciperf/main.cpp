// sciperf: the SciPerf Studio GUI, and with a sub-command (`sciperf mlperf score DIR`,
// `sciperf track score ...`) a headless command line on the same analysis code.
#include "main_window.h"
#include "mlperf_command.h"
#include "sciperf/views/vtk_view.h"
#include "session.h"
#include "track_command.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSurfaceFormat>
#include <cstring>

int main(int argc, char** argv) {
    // Sub-commands run before any Qt object exists: they need no display.
    if (argc >= 2 && std::strcmp(argv[1], "mlperf") == 0)
        return sciperf::runMlperfCommand(argc - 2, argv + 2);
    if (argc >= 2 && std::strcmp(argv[1], "track") == 0)
        return sciperf::runTrackCommand(argc - 2, argv + 2);

    // VTK renders through OpenGL 3.2 core inside QOpenGLWidgets: the format is set before any
    // widget exists so that every context shares it.
    QSurfaceFormat::setDefaultFormat(sciperf::VtkView::defaultSurfaceFormat());
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SciPerf"));
    QApplication::setApplicationName(QStringLiteral("SciPerf Studio"));
    QApplication::setApplicationVersion(QStringLiteral(SCIPERF_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Performance studio for scientific machine learning on HPC systems\n\n"
                       "Headless sub-commands (each without arguments prints its usage):\n"
                       "  sciperf mlperf score|check ...   MLPerf HPC results\n"
                       "  sciperf track score|convert ...  TrackML events: score a submission, "
                       "convert CSV to HDF5"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Start the demo session at once."));
    const QCommandLineOption session(QStringLiteral("session"), QStringLiteral("Open the session FILE."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption workspace(
        QStringLiteral("workspace"),
        QStringLiteral("Show the workspace NAME (Roofline, Submissions, Scaling, "
                       "Events, Runs) once started."),
        QStringLiteral("NAME"));
    const QCommandLineOption import(QStringLiteral("import"),
                                    QStringLiteral("Import the run directory DIR (sciperf-run's output, e.g. "
                                                   "from a cluster) into the session; repeatable."),
                                    QStringLiteral("DIR"));
    parser.addOptions({demo, session, workspace, import});
    parser.process(application);

    sciperf::MainWindowOptions options;
    options.sessionFile = parser.value(session);
    sciperf::MainWindow window(options);
    window.show();
    for (const QString& directory : parser.values(import))
        window.session()->importRunDirectory(directory);
    if (parser.isSet(demo))
        window.startDemoSession();
    if (parser.isSet(workspace))
        window.showWorkspace(parser.value(workspace));
    return QApplication::exec();
}
