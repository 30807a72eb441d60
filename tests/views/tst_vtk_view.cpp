// VtkView renders VTK into a Qt 6 widget and drives VTK's camera from Qt input. Runs under Xvfb
// (Mesa) at a device pixel ratio of 2, so that every event and size must be scaled to pixels.
#include "pixel_check.h"
#include "sciperf/views/vtk_view.h"

#include <QApplication>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QTest>
#include <QWheelEvent>
#include <QtMath>
#include <vtkActor.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkMath.h>
#include <vtkNew.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkSphereSource.h>
#include <vtkVersionMacros.h>

using namespace sciperf;
using sciperf::test::colorMismatch;

namespace {

// Before the QApplication exists, as the scale factor must be.
void scaleDisplay() {
    qputenv("QT_SCALE_FACTOR", "2");
}
Q_CONSTRUCTOR_FUNCTION(scaleDisplay)

const QColor kRed(255, 0, 0);
const QColor kDarkBlue(0, 0, 102);
constexpr int kTolerance = 12;

// vtkInteractorStyleTrackballCamera turns a drag across the whole window into 200 degrees
// (delta_azimuth = -20 / width, MotionFactor = 10), in either direction.
constexpr double kDegreesPerWindow = 200.0;

double angleBetween(const double a[3], const double b[3]) {
    return vtkMath::DegreesFromRadians(vtkMath::AngleBetweenVectors(a, b));
}

// The camera's offset from its focal point.
void cameraOffset(vtkCamera* camera, double offset[3]) {
    vtkMath::Subtract(camera->GetPosition(), camera->GetFocalPoint(), offset);
}

// Counts renders of a render window, to tell whether one happened.
class RenderCounter {
public:
    explicit RenderCounter(vtkRenderWindow* window) {
        m_command->SetClientData(&m_count);
        m_command->SetCallback(
            [](vtkObject*, unsigned long, void* count, void*) { ++*static_cast<int*>(count); });
        window->AddObserver(vtkCommand::EndEvent, m_command);
    }
    int count() const { return m_count; }

private:
    int m_count = 0;
    vtkNew<vtkCallbackCommand> m_command;
};

} // namespace

class TestVtkView : public QObject {
    Q_OBJECT

    std::unique_ptr<VtkView> m_view;
    vtkSmartPointer<vtkActor> m_sphere;

    // Moves the mouse with the left button held, as a real drag does, in `steps` moves.
    void leftDrag(QPoint from, QPoint to, int steps) {
        QTest::mousePress(m_view.get(), Qt::LeftButton, {}, from);
        for (int i = 1; i <= steps; ++i) {
            const QPointF at = QPointF(from) + QPointF(to - from) * i / steps;
            QMouseEvent move(QEvent::MouseMove, at, m_view->mapToGlobal(at), Qt::NoButton, Qt::LeftButton,
                             Qt::NoModifier);
            QApplication::sendEvent(m_view.get(), &move);
        }
        QTest::mouseRelease(m_view.get(), Qt::LeftButton, {}, to);
    }

    void wheel(int angleDelta) {
        const QPointF at = QRectF(m_view->rect()).center();
        QWheelEvent event(at, m_view->mapToGlobal(at), {}, QPoint(0, angleDelta), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(m_view.get(), &event);
    }

    vtkCamera* camera() const { return m_view->renderer()->GetActiveCamera(); }

    // The red-sphere-on-blue picture: its centre and a corner, in physical pixels.
    void verifyPicture(const QString& name) {
        const QImage image = m_view->grabFramebuffer();
        QCOMPARE(image.size(), m_view->size() * m_view->devicePixelRatio());
        // ResetCamera leaves the sphere with a radius of about 0.28 of the height: a cross around the centre
        // is red unless the picture is shifted, cropped or drawn at the wrong size.
        const QPoint centre = QRect(QPoint(), image.size()).center();
        const int arm = image.height() / 5;
        for (const QPoint offset :
             {QPoint(), QPoint(-arm, 0), QPoint(arm, 0), QPoint(0, -arm), QPoint(0, arm)}) {
            const QString why = colorMismatch(image, centre + offset, kRed, kTolerance, 0, name + "-sphere");
            QVERIFY2(why.isEmpty(), qPrintable(why));
        }
        const QString why = colorMismatch(image, QPoint(3, 3), kDarkBlue, kTolerance, 0, name + "-corner");
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

private slots:
    void init() {
        m_view = std::make_unique<VtkView>();
        m_view->resize(400, 300);
        vtkNew<vtkSphereSource> source;
        source->SetThetaResolution(48);
        source->SetPhiResolution(48);
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputConnection(source->GetOutputPort());
        m_sphere = vtkSmartPointer<vtkActor>::New();
        m_sphere->SetMapper(mapper);
        // Ambient light only: every pixel of the sphere is exactly its colour.
        vtkProperty* property = m_sphere->GetProperty();
        property->SetColor(1.0, 0.0, 0.0);
        property->SetAmbient(1.0);
        property->SetDiffuse(0.0);
        property->SetSpecular(0.0);
        m_view->renderer()->AddActor(m_sphere);
        m_view->renderer()->SetBackground(0.0, 0.0, 0.4);
        m_view->resetCamera();
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanup() { m_view.reset(); }

    void reportsTheVtkVersionItRunsWith() { QCOMPARE(vtkVersionString(), QStringLiteral(VTK_VERSION)); }

    void getsTheContextVtkNeeds() {
        QCOMPARE(m_view->devicePixelRatio(), 2.0);
        QVERIFY(m_view->context() != nullptr && m_view->context()->isValid());
        const QSurfaceFormat format = m_view->context()->format();
        QVERIFY2(
            format.version() >= qMakePair(3, 2),
            qPrintable(QStringLiteral("OpenGL %1.%2").arg(format.majorVersion()).arg(format.minorVersion())));
        QCOMPARE(format.profile(), QSurfaceFormat::CoreProfile);
    }

    void rendersTheSceneIntoTheWidget() { verifyPicture("tst_vtk_view-render"); }

    void translucentSurfacesBlendAndTheWidgetStaysOpaque() {
        // A half-transparent red sphere on dark blue: its back face, then its front face, blended over
        // the background make red 0.5 * 255 + 0.25 * 255 = 191 and blue 0.25 * 102 = 26. VTK leaves
        // alpha below 1 where it blends; the widget must be opaque all the same.
        m_sphere->GetProperty()->SetOpacity(0.5);
        const QImage image = m_view->grabFramebuffer();
        const QPoint centre = QRect(QPoint(), image.size()).center();
        QCOMPARE(image.pixelColor(centre).alpha(), 255);
        const QString why =
            colorMismatch(image, centre, QColor(191, 0, 26), kTolerance, 0, "tst_vtk_view-translucent");
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void rendersAtTheNewSizeAfterAResize() {
        m_view->resize(600, 450);
        QCoreApplication::processEvents();
        const int* size = m_view->renderWindow()->GetSize();
        QCOMPARE(QSize(size[0], size[1]), QSize(1200, 900));
        verifyPicture("tst_vtk_view-resized");
    }

    void aHorizontalDragTurnsTheCameraAroundTheScene() {
        double before[3], after[3];
        cameraOffset(camera(), before);
        const double distance = camera()->GetDistance();
        // A fifth of the width, so 40 degrees, in logical pixels: the view must scale them.
        leftDrag({200, 150}, {280, 150}, 8);
        cameraOffset(camera(), after);
        QVERIFY(qAbs(angleBetween(before, after) - kDegreesPerWindow / 5) < 0.5);
        QVERIFY(qAbs(camera()->GetDistance() - distance) < 1e-9 * distance);
        // Azimuth turns about the view up (y) axis only.
        QVERIFY(qAbs(after[1]) < 1e-6 * distance);
    }

    void draggingUpTiltsTheSceneUp() {
        // Up on the screen is up in VTK only if the view flips y: the camera then goes below.
        leftDrag({200, 150}, {200, 120}, 3);
        double after[3];
        cameraOffset(camera(), after);
        const double expected = -camera()->GetDistance() * qSin(qDegreesToRadians(kDegreesPerWindow / 10));
        QVERIFY2(qAbs(after[1] - expected) < 0.01 * camera()->GetDistance(),
                 qPrintable(QStringLiteral("camera y offset %1, expected %2").arg(after[1]).arg(expected)));
    }

    void theWheelZoomsByWholeNotches() {
        const double distance = camera()->GetDistance();
        wheel(60);
        QCOMPARE(camera()->GetDistance(), distance);
        wheel(60);
        QVERIFY(camera()->GetDistance() < 0.95 * distance);
        wheel(-120);
        QVERIFY(qAbs(camera()->GetDistance() - distance) < 1e-9 * distance);
    }

    void keysReachTheInteractorStyle() {
        // 'w' switches the actors to wireframe, 's' back to surfaces.
        QTest::keyClick(m_view.get(), Qt::Key_W);
        QCOMPARE(m_sphere->GetProperty()->GetRepresentation(), VTK_WIREFRAME);
        QTest::keyClick(m_view.get(), Qt::Key_S);
        QCOMPARE(m_sphere->GetProperty()->GetRepresentation(), VTK_SURFACE);
    }

    void interactionRepaintsLaterNotDuringTheEvent() {
        QCoreApplication::processEvents();
        RenderCounter renders(m_view->renderWindow());
        wheel(120);
        QCOMPARE(renders.count(), 0);
        QTRY_VERIFY(renders.count() > 0);
    }

    void aPaintOfAnUnchangedSceneShowsTheLastPictureWithoutRendering() {
        const QImage first = m_view->grabFramebuffer();
        RenderCounter renders(m_view->renderWindow());
        m_view->repaint();
        const QImage again = m_view->grabFramebuffer();
        QCOMPARE(renders.count(), 0);
        QCOMPARE(again, first);
        verifyPicture("tst_vtk_view-kept");

        // Any change below the renderer renders anew: the camera, an actor's property, its data.
        camera()->Azimuth(90);
        m_view->grabFramebuffer();
        QCOMPARE(renders.count(), 1);
        m_sphere->GetProperty()->SetColor(0.0, 1.0, 0.0);
        const QImage green = m_view->grabFramebuffer();
        QCOMPARE(renders.count(), 2);
        const QPoint centre = QRect(QPoint(), green.size()).center();
        const QString why =
            colorMismatch(green, centre, QColor(0, 255, 0), kTolerance, 0, "tst_vtk_view-green");
        QVERIFY2(why.isEmpty(), qPrintable(why));
        vtkPolyData::SafeDownCast(m_sphere->GetMapper()->GetInput())->Modified();
        m_view->grabFramebuffer();
        QCOMPARE(renders.count(), 3);
    }
};

QTEST_MAIN(TestVtkView)
#include "tst_vtk_view.moc"
