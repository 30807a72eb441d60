#include "workload_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>

namespace sciperf {

namespace {

const QString kSeedOption = QStringLiteral("seed");
// More seeded runs than an MLPerf HPC entry needs (5 to 10) is a mistake, not a wish.
constexpr int kMaxRepeats = 20;

int clampToInt(std::int64_t value) {
    return int(
        std::clamp<std::int64_t>(value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

} // namespace

WorkloadDialog::WorkloadDialog(const Workload& workload, int maxRanks, QWidget* parent)
    : QDialog(parent)
    , m_workload(workload)
    , m_repeats(new QSpinBox(this)) {
    setWindowTitle(
        tr("Run %1").arg(QString::fromUtf8(workload.name.data(), qsizetype(workload.name.size()))));
    auto* layout = new QVBoxLayout(this);
    auto* summary =
        new QLabel(QString::fromUtf8(workload.summary.data(), qsizetype(workload.summary.size())), this);
    summary->setWordWrap(true);
    layout->addWidget(summary);
    auto* form = new QFormLayout;
    layout->addLayout(form);
    for (const WorkloadOption& option : workload.options) {
        const QString name = QString::fromUtf8(option.name.data(), qsizetype(option.name.size()));
        const QString description =
            QString::fromUtf8(option.description.data(), qsizetype(option.description.size()));
        QWidget* field = nullptr;
        if (option.kind == WorkloadOption::Kind::Integer) {
            auto* spin = new QSpinBox(this);
            // The lowest value stands for "the workload's default", shown as such.
            spin->setRange(clampToInt(option.minimum) - 1, clampToInt(option.maximum));
            spin->setSpecialValueText(tr("default"));
            spin->setValue(spin->minimum());
            m_integers.emplace(name, spin);
            field = spin;
        } else {
            auto* edit = new QLineEdit(this);
            edit->setPlaceholderText(tr("default"));
            m_paths.emplace(name, edit);
            field = edit;
        }
        field->setObjectName(name);
        field->setToolTip(description);
        form->addRow(QStringLiteral("--%1").arg(name), field);
    }
    if (maxRanks > 1) {
        m_ranks = new QSpinBox(this);
        m_ranks->setObjectName(QStringLiteral("ranks"));
        m_ranks->setRange(1, maxRanks);
        m_ranks->setToolTip(tr("MPI ranks (mpirun -np): data-parallel over processes on this machine"));
        form->addRow(tr("MPI ranks"), m_ranks);
    }
    m_repeats->setObjectName(QStringLiteral("repeats"));
    m_repeats->setRange(1, kMaxRepeats);
    m_repeats->setToolTip(m_integers.count(kSeedOption)
                              ? tr("Runs one after another, with seeds counting up from --seed")
                              : tr("Runs one after another"));
    form->addRow(tr("Runs"), m_repeats);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Run"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QStringList WorkloadDialog::arguments(int run) const {
    QStringList arguments;
    for (const WorkloadOption& option : m_workload.options) {
        const QString name = QString::fromUtf8(option.name.data(), qsizetype(option.name.size()));
        if (option.kind == WorkloadOption::Kind::Integer) {
            const QSpinBox* spin = m_integers.at(name);
            const bool isDefault = spin->value() == spin->minimum();
            if (name == kSeedOption && (repeats() > 1 || !isDefault)) {
                // Consecutive seeds from the chosen one, or from the lowest allowed one where
                // several runs are asked for and the seed was left at its default.
                const int first = isDefault ? spin->minimum() + 1 : spin->value();
                arguments << QStringLiteral("--seed") << QString::number(first + run);
            } else if (!isDefault) {
                arguments << QStringLiteral("--%1").arg(name) << QString::number(spin->value());
            }
        } else if (const QString path = m_paths.at(name)->text().trimmed(); !path.isEmpty()) {
            arguments << QStringLiteral("--%1").arg(name) << path;
        }
    }
    return arguments;
}

int WorkloadDialog::ranks() const {
    return m_ranks ? m_ranks->value() : 1;
}

int WorkloadDialog::repeats() const {
    return m_repeats->value();
}

QSpinBox* WorkloadDialog::integerField(const QString& name) const {
    const auto found = m_integers.find(name);
    return found == m_integers.end() ? nullptr : found->second;
}

QLineEdit* WorkloadDialog::pathField(const QString& name) const {
    const auto found = m_paths.find(name);
    return found == m_paths.end() ? nullptr : found->second;
}

} // namespace sciperf
