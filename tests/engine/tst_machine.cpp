// The machine description read from a fixture /proc, /sys and /etc: a 2-socket, 2-core,
// 2-thread machine with per-core L1/L2 and per-socket L3 (tests/data/engine/sysroot).
#include "sciperf/engine/machine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sciperf;

class TestMachine : public QObject {
    Q_OBJECT

    static SystemRoots fixtureRoots() {
        const std::filesystem::path root = SCIPERF_TEST_DATA "/engine/sysroot";
        return {root / "proc", root / "sys", root / "etc"};
    }

private slots:
    void parsesSysfsSizes() {
        QCOMPARE(parseSysfsSize("48K"), std::uint64_t{49152});
        QCOMPARE(parseSysfsSize("48M"), std::uint64_t{50331648});
        QCOMPARE(parseSysfsSize("1G"), std::uint64_t{1073741824});
        QCOMPARE(parseSysfsSize("512"), std::uint64_t{512});
        QCOMPARE(parseSysfsSize(""), std::uint64_t{0});
        QCOMPARE(parseSysfsSize("K"), std::uint64_t{0});
        QCOMPARE(parseSysfsSize("12Q"), std::uint64_t{0});
    }

    void readsCpuModelTopologyMemoryAndOs() {
        const MachineDescription machine = describeHost(fixtureRoots());
        QCOMPARE(machine.cpu.model, std::string("Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz"));
        QCOMPARE(machine.cpu.logicalCpus, 8);
        QCOMPARE(machine.cpu.physicalCores, 4);
        QCOMPARE(machine.cpu.sockets, 2);
        QCOMPARE(machine.memoryBytes, std::uint64_t{16318412} * 1024);
        QCOMPARE(machine.operatingSystem, std::string("Debian GNU/Linux 12 (bookworm)"));
        QVERIFY(!machine.compiler.empty());
    }

    void countsCacheInstancesFromSharing() {
        const auto caches = describeHost(fixtureRoots()).cpu.caches;
        QCOMPARE(caches.size(), std::size_t{4});
        // Level order, then Data before Instruction.
        QCOMPARE(caches[0].level, 1);
        QCOMPARE(caches[0].type, std::string("Data"));
        QCOMPARE(caches[0].sizeBytes, std::uint64_t{48 * 1024});
        QCOMPARE(caches[0].sharedByLogicalCpus, 2);
        QCOMPARE(caches[0].instances, 4); // one per core
        QCOMPARE(caches[1].type, std::string("Instruction"));
        QCOMPARE(caches[2].level, 2);
        QCOMPARE(caches[2].sizeBytes, std::uint64_t{1280 * 1024});
        QCOMPARE(caches[3].level, 3);
        QCOMPARE(caches[3].sizeBytes, std::uint64_t{48} * 1024 * 1024);
        QCOMPARE(caches[3].sharedByLogicalCpus, 4);
        QCOMPARE(caches[3].instances, 2); // one per socket
        for (const auto& cache : caches) {
            QCOMPARE(cache.lineBytes, std::uint64_t{64});
            QCOMPARE(cache.source, std::string("sysfs"));
        }
    }

    void missingFilesGiveEmptyFieldsNotFailure() {
        const std::filesystem::path nowhere = "/nonexistent/sciperf-sysroot";
        const MachineDescription machine = describeHost({nowhere / "proc", nowhere / "sys", nowhere / "etc"});
        QVERIFY(machine.cpu.model.empty());
        QCOMPARE(machine.cpu.logicalCpus, 0);
        QCOMPARE(machine.memoryBytes, std::uint64_t{0});
        // Without sysfs cache folders the sizes come from CPUID, labelled as such.
        for (const auto& cache : machine.cpu.caches)
            QCOMPARE(cache.source, std::string("cpuid"));
    }

    void cudaQueryNeverFailsWithoutADevice() {
        const CudaDescription cuda = describeCudaDevices();
#ifdef SCIPERF_HAVE_CUDA
        QVERIFY(cuda.builtWithCuda);
        QVERIFY(cuda.runtimeVersion >= 12000);
#else
        QVERIFY(!cuda.builtWithCuda);
#endif
        if (cuda.devices.empty()) {
            QVERIFY2(cuda.status.starts_with("no CUDA device: "), cuda.status.c_str());
        } else {
            QCOMPARE(cuda.status, std::string("ok"));
            for (const auto& device : cuda.devices) {
                QVERIFY(device.multiprocessors > 0);
                QVERIFY(device.globalMemoryBytes > 0);
                QVERIFY(device.smClockHz > 1e8);
            }
        }
    }

    void writesValidJsonWithEveryField() {
        MachineDescription machine = describeHost(fixtureRoots());
        machine.cuda.status = "ok";
        machine.cuda.builtWithCuda = true;
        CudaDevice device;
        device.name = "NVIDIA H100 80GB HBM3";
        device.computeCapabilityMajor = 9;
        device.multiprocessors = 132;
        device.globalMemoryBytes = 85'000'000'000ULL;
        device.l2CacheBytes = 52'428'800;
        device.smClockHz = 1.98e9;
        machine.cuda.devices.push_back(device);
        JsonWriter json;
        writeMachineJson(json, machine);
        QJsonParseError error{};
        const QJsonObject object =
            QJsonDocument::fromJson(QByteArray::fromStdString(json.text()), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(object["cpu"]["physical_cores"].toInt(), 4);
        QCOMPARE(object["cpu"]["caches"].toArray().size(), 4);
        QCOMPARE(object["cpu"]["caches"][3]["size_bytes"].toInteger(), qint64{48} * 1024 * 1024);
        QCOMPARE(object["memory_bytes"].toInteger(), qint64{16318412} * 1024);
        const QJsonObject gpu = object["cuda"]["devices"][0].toObject();
        QCOMPARE(gpu["name"].toString(), QStringLiteral("NVIDIA H100 80GB HBM3"));
        QCOMPARE(gpu["compute_capability"].toString(), QStringLiteral("9.0"));
        QCOMPARE(gpu["multiprocessors"].toInt(), 132);
        QCOMPARE(gpu["l2_cache_bytes"].toInteger(), qint64{52'428'800});
        QCOMPARE(gpu["sm_clock_hz"].toDouble(), 1.98e9);
    }
};

QTEST_GUILESS_MAIN(TestMachine)
#include "tst_machine.moc"
