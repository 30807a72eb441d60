#pragma once
// The event's hits and tracks as one VTK prop: drawn on the CPU (event_raster.h) at each render
// whose camera, size or geometry changed, and laid into the scene as a colour and a depth image,
// so that the detector, the axes and the selection around it are depth-tested against the event
// as if it had been drawn by OpenGL.

#include "sciperf/views/event_raster.h"

#include <memory>
#include <vtkProp.h>

class vtkCamera;
class vtkOpenGLQuadHelper;
class vtkTextureObject;

namespace sciperf {

// The camera's world-to-clip matrix (row-major) for a view `aspect` = width / height wide: what the
// layer draws through, and what picking projects hits through, so that both agree.
std::array<double, 16> eventWorldToClip(vtkCamera& camera, double aspect);

class EventLayer : public vtkProp {
public:
    static EventLayer* New();
    vtkTypeMacro(EventLayer, vtkProp)

        void setGeometry(std::shared_ptr<const EventRasterGeometry> geometry);
    const EventRasterGeometry& geometry() const { return *m_geometry; }
    void setHitPixels(int pixels);

    int RenderOpaqueGeometry(vtkViewport* viewport) override;
    double* GetBounds() override;
    void ReleaseGraphicsResources(vtkWindow* window) override;

protected:
    EventLayer();
    ~EventLayer() override;

private:
    EventLayer(const EventLayer&) = delete;
    void operator=(const EventLayer&) = delete;

    std::shared_ptr<const EventRasterGeometry> m_geometry;
    int m_hitPixels = 3;
    double m_bounds[6] = {0, 0, 0, 0, 0, 0};
    EventRasterImage m_image;
    // What the image was drawn for: the camera's state, the size, this prop's own state.
    vtkMTimeType m_drawnCameraTime = 0;
    vtkMTimeType m_drawnLayerTime = 0;
    int m_drawnWidth = 0, m_drawnHeight = 0;
    vtkTextureObject* m_colors = nullptr;
    vtkTextureObject* m_depths = nullptr;
    std::unique_ptr<vtkOpenGLQuadHelper> m_quad;
};

} // namespace sciperf
