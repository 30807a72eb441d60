// The workload dialog turns the fields a user set into sciperf-run arguments: only what was set,
// consecutive seeds for repeated runs, ranks only where offered.
#include "workload_dialog.h"

#include <QLineEdit>
#include <QSpinBox>
#include <QTest>
#include <array>

using namespace sciperf;

namespace {

constexpr std::array kOptions{
    WorkloadOption{"events", "events to simulate", WorkloadOption::Kind::Integer, 1, 1000},
    WorkloadOption{"seed", "random seed", WorkloadOption::Kind::Integer, 1, 1000000},
    WorkloadOption{"detector", "detector CSV", WorkloadOption::Kind::Path},
};

Result<void> noBody(const RunContext&, JsonWriter&) {
    return {};
}

const Workload kWorkload{"simulate", "Simulates events", noBody, kOptions};

} // namespace

class TestWorkloadDialog : public QObject {
    Q_OBJECT
private slots:
    void fieldsLeftAtTheirDefaultAreNotPassed() {
        WorkloadDialog dialog(kWorkload, 0);
        QCOMPARE(dialog.arguments(), QStringList());
        QCOMPARE(dialog.integerField("events")->specialValueText(), QStringLiteral("default"));
        QVERIFY(dialog.ranksField() == nullptr);
        QCOMPARE(dialog.ranks(), 1);
    }

    void setFieldsBecomeArgumentsInTheWorkloadsOrder() {
        WorkloadDialog dialog(kWorkload, 0);
        dialog.pathField("detector")->setText(QStringLiteral(" /data/detectors.csv "));
        dialog.integerField("events")->setValue(12);
        QCOMPARE(dialog.arguments(), (QStringList{"--events", "12", "--detector", "/data/detectors.csv"}));
        // The range is the option's: 1000 events at most.
        dialog.integerField("events")->setValue(5000);
        QCOMPARE(dialog.arguments().mid(0, 2), (QStringList{"--events", "1000"}));
    }

    void repeatedRunsGetConsecutiveSeeds() {
        WorkloadDialog dialog(kWorkload, 0);
        dialog.repeatsField()->setValue(3);
        // Left at default: from the lowest seed the option allows.
        QCOMPARE(dialog.arguments(0), (QStringList{"--seed", "1"}));
        QCOMPARE(dialog.arguments(2), (QStringList{"--seed", "3"}));
        dialog.integerField("seed")->setValue(40);
        QCOMPARE(dialog.arguments(1), (QStringList{"--seed", "41"}));
        QCOMPARE(dialog.repeats(), 3);
    }

    void ranksAreOfferedUpToTheGivenMaximum() {
        WorkloadDialog dialog(kWorkload, 4);
        QVERIFY(dialog.ranksField() != nullptr);
        dialog.ranksField()->setValue(9);
        QCOMPARE(dialog.ranks(), 4);
    }
};

QTEST_MAIN(TestWorkloadDialog)
#include "tst_workload_dialog.moc"
