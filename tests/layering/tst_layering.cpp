// The layers of DESIGN.md, enforced three ways: what each target links (from the build system),
// what each layer's sources include, and what the headless runner's binary loads.
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

namespace {

// Allowed link items per target, as regular expressions: the layer table of DESIGN.md.
const QMap<QString, QStringList> kAllowedLinks{
    {QStringLiteral("sciperf_analysis"),
     {QStringLiteral("^Threads::Threads$"), QStringLiteral("^ZLIB::ZLIB$")}},
    {QStringLiteral("sciperf_engine"),
     {QStringLiteral("^sciperf::analysis$"), QStringLiteral("^CUDA::"), QStringLiteral("^MPI::MPI_C$"),
      QStringLiteral("^Eigen3::Eigen$"), QStringLiteral("^Threads::Threads$")}},
    {QStringLiteral("sciperf_collectors"), {QStringLiteral("^sciperf::engine$"), QStringLiteral("^dl$")}},
    {QStringLiteral("sciperf_store"),
     {QStringLiteral("^sciperf::engine$"), QStringLiteral("^SQLite::SQLite3$"), QStringLiteral("hdf5")}},
    {QStringLiteral("sciperf_views"),
     {QStringLiteral("^sciperf::analysis$"), QStringLiteral("^Qt6::"), QStringLiteral("^QCustomPlot"),
      QStringLiteral("^VTK::")}},
    {QStringLiteral("sciperf_resources"), {QStringLiteral("^Qt6::Core$")}},
    {QStringLiteral("sciperf_appcore"),
     {QStringLiteral("^Qt6::"), QStringLiteral("^sciperf::(views|store|collectors|resources)$")}},
    {QStringLiteral("sciperf-run"), {QStringLiteral("^sciperf::(engine|collectors)$")}},
    {QStringLiteral("sciperf"), {QStringLiteral("^sciperf::appcore$")}},
};

// Include patterns each source folder must not use.
const QMap<QString, QString> kForbiddenIncludes{
    {QStringLiteral("analysis"),
     QStringLiteral(
         "#include\\s*[<\"](Q|vtk|qcustomplot|sqlite|hdf5|H5|sciperf/(engine|collectors|store|views)/)")},
    {QStringLiteral("engine"),
     QStringLiteral("#include\\s*[<\"](Q|vtk|qcustomplot|sqlite|hdf5|H5|sciperf/(collectors|store|views)/)")},
    {QStringLiteral("collectors"),
     QStringLiteral("#include\\s*[<\"](Q|vtk|qcustomplot|sqlite|hdf5|H5|sciperf/(store|views)/)")},
    {QStringLiteral("store"),
     QStringLiteral("#include\\s*[<\"](Q|vtk|qcustomplot|sciperf/(collectors|views)/)")},
    {QStringLiteral("views"),
     QStringLiteral("#include\\s*[<\"](sqlite|hdf5|H5|sciperf/(engine|collectors|store)/)")},
    {QStringLiteral("app/sciperf-run"),
     QStringLiteral("#include\\s*[<\"](Q|vtk|qcustomplot|sqlite|hdf5|H5|sciperf/(store|views)/)")},
};

QString environment(const char* name) {
    return qEnvironmentVariable(name);
}

} // namespace

class TestLayering : public QObject {
    Q_OBJECT
private slots:
    void eachTargetLinksOnlyTheLayersBelowIt() {
        QFile file(environment("SCIPERF_BINARY_DIR") + QStringLiteral("/layering.txt"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QStringList seen;
        for (const QByteArray& rawLine : file.readAll().split('\n')) {
            const QString line = QString::fromUtf8(rawLine).trimmed();
            if (line.isEmpty())
                continue;
            const QString target = line.section(QLatin1Char('='), 0, 0);
            const QStringList links =
                line.section(QLatin1Char('='), 1).split(QLatin1Char('|'), Qt::SkipEmptyParts);
            QVERIFY2(kAllowedLinks.contains(target),
                     qPrintable(QStringLiteral("no layer rule for %1").arg(target)));
            seen << target;
            for (const QString& link : links) {
                bool allowed = false;
                for (const QString& pattern : kAllowedLinks[target])
                    allowed |= QRegularExpression(pattern).match(link).hasMatch();
                QVERIFY2(
                    allowed,
                    qPrintable(QStringLiteral("%1 links %2, which its layer may not use").arg(target, link)));
            }
        }
        QCOMPARE(seen.size(), kAllowedLinks.size()); // every layer was built and checked
    }

    void sourcesIncludeNothingFromHigherLayers() {
        const QString root = environment("SCIPERF_SOURCE_DIR");
        int filesChecked = 0;
        for (auto it = kForbiddenIncludes.begin(); it != kForbiddenIncludes.end(); ++it) {
            const QRegularExpression forbidden(it.value());
            QDirIterator files(root + QLatin1Char('/') + it.key(),
                               {QStringLiteral("*.h"), QStringLiteral("*.cpp"), QStringLiteral("*.cu")},
                               QDir::Files, QDirIterator::Subdirectories);
            while (files.hasNext()) {
                QFile source(files.next());
                QVERIFY(source.open(QIODevice::ReadOnly));
                int lineNumber = 0;
                for (const QByteArray& line : source.readAll().split('\n')) {
                    ++lineNumber;
                    QVERIFY2(!forbidden.match(QString::fromUtf8(line)).hasMatch(),
                             qPrintable(QStringLiteral("%1:%2: %3")
                                            .arg(source.fileName())
                                            .arg(lineNumber)
                                            .arg(QString::fromUtf8(line))));
                }
                ++filesChecked;
            }
        }
        QVERIFY(filesChecked >= 10);
    }

    void headlessRunnerLoadsNoDesktopLibraries() {
        QProcess readelf;
        readelf.start(QStringLiteral("readelf"), {QStringLiteral("-d"), QStringLiteral(SCIPERF_RUN_PATH)});
        QVERIFY(readelf.waitForFinished(30000));
        QCOMPARE(readelf.exitCode(), 0);
        const QString dynamic = QString::fromUtf8(readelf.readAllStandardOutput());
        QVERIFY(dynamic.contains(QStringLiteral("(NEEDED)")));
        const QRegularExpression desktop(
            QStringLiteral("\\[lib(Qt|vtk|qcustomplot|sqlite|hdf5|GL|X11|cuda\\.)"));
        QVERIFY2(!desktop.match(dynamic).hasMatch(), qPrintable(dynamic));
    }
};

QTEST_GUILESS_MAIN(TestLayering)
#include "tst_layering.moc"
